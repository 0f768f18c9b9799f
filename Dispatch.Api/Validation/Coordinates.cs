namespace Dispatch.Api.Validation;

/// <summary>
/// Where a grid worker stood (上门核实, a patrol report): latitude and longitude in WGS-84 degrees, as a phone's location gives them,
/// both required and in range.
/// </summary>
public static class Coordinates
{
    public static (double Latitude, double Longitude) Validate(Fields fields, double? latitude, double? longitude)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (latitude is not { } lat)
        {
            fields.Fail("latitude", "Required: where you stood, WGS-84 degrees from -90 to 90 (the phone's location).");
        }
        else if (double.IsNaN(lat) || lat is < -90 or > 90)
        {
            fields.Fail("latitude", "Latitude is between -90 and 90 degrees (WGS-84).");
        }

        if (longitude is not { } lng)
        {
            fields.Fail("longitude", "Required: where you stood, WGS-84 degrees from -180 to 180 (the phone's location).");
        }
        else if (double.IsNaN(lng) || lng is < -180 or > 180)
        {
            fields.Fail("longitude", "Longitude is between -180 and 180 degrees (WGS-84).");
        }

        return (latitude ?? 0, longitude ?? 0);
    }
}
