using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Tollgate.Tests.Triggers;

internal static class TriggerTestHeaders
{
    public static HeaderDictionary Of(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach ((string name, string value) in headers)
        {
            dictionary[name] = StringValues.Concat(dictionary[name], value);
        }

        return dictionary;
    }
}
