/** A position the phone gave (WGS-84, as the Geolocation API and the API both use), with how sure it is, in metres. */
export interface PhonePosition {
  latitude: number
  longitude: number
  accuracy: number | null
}

/** Why the phone gave no position, in words a grid worker can act on. */
export class LocationUnavailable extends Error {
  readonly reason: 'refused' | 'unavailable' | 'timeout' | 'unsupported'

  constructor(reason: LocationUnavailable['reason']) {
    super(locationMessages[reason])
    this.name = 'LocationUnavailable'
    this.reason = reason
  }
}

export const locationMessages: Record<LocationUnavailable['reason'], string> = {
  refused: '未允许定位：请在手机或浏览器的设置里允许本网站使用位置后点“重新定位”，或在下面手动填写经纬度。',
  unavailable: '手机暂时无法确定位置（可能在室内或信号弱）：请到室外后点“重新定位”，或在下面手动填写经纬度。',
  timeout: '定位超时：请点“重新定位”再试，或在下面手动填写经纬度。',
  unsupported: '这个浏览器不能定位（需要 https 或本机地址）：请在下面手动填写经纬度。',
}

/** How long the phone may take: a first fix outdoors takes seconds; a worker waiting longer would rather type it. */
export const LocateTimeoutMs = 20_000

/**
 * The phone's position now, through `navigator.geolocation` (the browser asks the person the first time). A refusal, no fix
 * or no Geolocation API at all is a {@link LocationUnavailable} that says what to do: the form then lets the worker type it.
 */
export function locate(geolocation: Geolocation | undefined = globalThis.navigator?.geolocation): Promise<PhonePosition> {
  if (!geolocation) return Promise.reject(new LocationUnavailable('unsupported'))
  return new Promise((resolve, reject) => {
    geolocation.getCurrentPosition(
      (position) =>
        resolve({
          latitude: position.coords.latitude,
          longitude: position.coords.longitude,
          accuracy: Number.isFinite(position.coords.accuracy) ? position.coords.accuracy : null,
        }),
      (error) =>
        reject(
          new LocationUnavailable(error.code === 1 ? 'refused' : error.code === 3 ? 'timeout' : 'unavailable'),
        ),
      // A fresh fix: where the worker stands now, not where the phone was an hour ago.
      { enableHighAccuracy: true, timeout: LocateTimeoutMs, maximumAge: 60_000 },
    )
  })
}

/** Coordinates typed by hand, as text: each checked against its range, else the message for its field. */
export interface TypedCoordinates {
  latitude: number | null
  longitude: number | null
  errors: { latitude?: string; longitude?: string }
}

/**
 * Reads coordinates a worker typed (or pasted: `30.2741, 120.1551` in the latitude field is split into both). Both are
 * required, in decimal degrees, latitude −90…90 and longitude −180…180 — what the API checks too, said before it is sent.
 */
export function readTypedCoordinates(latitudeText: string, longitudeText: string): TypedCoordinates {
  let lat = latitudeText.trim()
  let lng = longitudeText.trim()
  const pair = lat.match(/^(-?\d+(?:\.\d+)?)\s*[,，\s]\s*(-?\d+(?:\.\d+)?)$/)
  if (pair && lng === '') {
    lat = pair[1]!
    lng = pair[2]!
  }
  const result: TypedCoordinates = { latitude: null, longitude: null, errors: {} }
  const latitude = degrees(lat)
  const longitude = degrees(lng)
  if (latitude === undefined) result.errors.latitude = '请填写纬度（十进制度数，如 30.2741）'
  else if (latitude === null) result.errors.latitude = '纬度须为十进制度数，如 30.2741'
  else if (latitude < -90 || latitude > 90) result.errors.latitude = '纬度须在 -90 到 90 之间'
  else result.latitude = latitude
  if (longitude === undefined) result.errors.longitude = '请填写经度（十进制度数，如 120.1551）'
  else if (longitude === null) result.errors.longitude = '经度须为十进制度数，如 120.1551'
  else if (longitude < -180 || longitude > 180) result.errors.longitude = '经度须在 -180 到 180 之间'
  else result.longitude = longitude
  return result
}

/** `undefined` when nothing was typed, `null` when it is not a number. */
function degrees(text: string): number | null | undefined {
  if (text === '') return undefined
  if (!/^-?\d+(?:\.\d+)?$/.test(text)) return null
  return Number(text)
}

/** `30.274100, 120.155100（精度约 20 米）`: six decimals are about 10 cm, more than a phone knows. */
export function describePosition(latitude: number, longitude: number, accuracy: number | null = null): string {
  const where = `${latitude.toFixed(6)}, ${longitude.toFixed(6)}`
  return accuracy === null ? where : `${where}（精度约 ${Math.round(accuracy)} 米）`
}
