import { describe, expect, it } from 'vitest'
import { describePosition, locate, LocationUnavailable, readTypedCoordinates } from '@/lib/phoneLocation'

/** A phone's Geolocation that answers with a fix, or with an error of the given code (1 refused, 2 no fix, 3 timeout). */
function phone(answer: { latitude: number; longitude: number; accuracy: number } | { code: number }): Geolocation {
  return {
    getCurrentPosition(success: PositionCallback, failure?: PositionErrorCallback | null) {
      if ('code' in answer) failure?.({ code: answer.code, message: 'no', PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3 } as GeolocationPositionError)
      else success({ coords: { ...answer, altitude: null, altitudeAccuracy: null, heading: null, speed: null }, timestamp: 0 } as unknown as GeolocationPosition)
    },
    watchPosition: () => 0,
    clearWatch: () => undefined,
  } as unknown as Geolocation
}

describe("the phone's position", () => {
  it('is what the phone says, with its accuracy', async () => {
    await expect(locate(phone({ latitude: 30.2741, longitude: 120.1551, accuracy: 18 }))).resolves.toEqual({ latitude: 30.2741, longitude: 120.1551, accuracy: 18 })
  })

  it('says plainly that location was refused, and what to do', async () => {
    const refused = await locate(phone({ code: 1 })).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(LocationUnavailable)
    expect((refused as LocationUnavailable).reason).toBe('refused')
    expect((refused as Error).message).toContain('未允许定位')
    expect((refused as Error).message).toContain('手动填写经纬度')
  })

  it('tells a timeout and a missing fix apart, and a browser that cannot locate at all', async () => {
    expect(((await locate(phone({ code: 3 })).catch((e: unknown) => e)) as LocationUnavailable).reason).toBe('timeout')
    expect(((await locate(phone({ code: 2 })).catch((e: unknown) => e)) as LocationUnavailable).reason).toBe('unavailable')
    expect(((await locate(undefined).catch((e: unknown) => e)) as LocationUnavailable).reason).toBe('unsupported')
  })

  it('reads typed coordinates, and a pair pasted into the latitude field', () => {
    expect(readTypedCoordinates(' 30.2741 ', '120.1551')).toEqual({ latitude: 30.2741, longitude: 120.1551, errors: {} })
    expect(readTypedCoordinates('30.2741，120.1551', '')).toEqual({ latitude: 30.2741, longitude: 120.1551, errors: {} })
    expect(readTypedCoordinates('-33.8688 151.2093', '')).toMatchObject({ latitude: -33.8688, longitude: 151.2093 })
  })

  it('refuses typed coordinates out of range or not numbers, each on its field', () => {
    expect(readTypedCoordinates('91', '120').errors).toEqual({ latitude: '纬度须在 -90 到 90 之间' })
    expect(readTypedCoordinates('30', '-180.5').errors).toEqual({ longitude: '经度须在 -180 到 180 之间' })
    expect(readTypedCoordinates('北纬30度', '').errors).toEqual({ latitude: '纬度须为十进制度数，如 30.2741', longitude: '请填写经度（十进制度数，如 120.1551）' })
    expect(readTypedCoordinates('', '').errors).toEqual({ latitude: '请填写纬度（十进制度数，如 30.2741）', longitude: '请填写经度（十进制度数，如 120.1551）' })
  })

  it('is shown to six decimals with its accuracy in metres', () => {
    expect(describePosition(30.2741, 120.1551, 18.4)).toBe('30.274100, 120.155100（精度约 18 米）')
  })
})
