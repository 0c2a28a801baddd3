using System.Globalization;

namespace Tollgate.Storage;

/// <summary>
/// Money in Table Storage: an invariant decimal string. Tables have no decimal type, and a double would
/// not reconcile with an invoice.
/// </summary>
internal static class TableMoney
{
    public static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static decimal Parse(string? value) =>
        value is null ? 0m : decimal.Parse(value, NumberStyles.Number, CultureInfo.InvariantCulture);
}
