using Microsoft.Extensions.Options;

namespace Tollgate.Callbacks;

/// <summary>Checks <see cref="CallbackOptions"/> at start-up, naming each setting that is wrong.</summary>
public sealed class CallbackOptionsValidator : IValidateOptions<CallbackOptions>
{
    private const string Prefix = "Tollgate:Callbacks:";

    public ValidateOptionsResult Validate(string? name, CallbackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.IsConfigured && !CallbackSignature.IsUsableSecret(options.SigningSecret!))
        {
            errors.Add($"{Prefix}SigningSecret must be whsec_ followed by the base64 of at least 16 bytes.");
        }

        if (options.MaxAttempts is < 1 or > 20)
        {
            errors.Add($"{Prefix}MaxAttempts must be between 1 and 20 (is {options.MaxAttempts}).");
        }

        if (options.FirstRetryDelay < TimeSpan.FromSeconds(1) || options.FirstRetryDelay > CallbackOptions.MaxRetryDelay)
        {
            errors.Add($"{Prefix}FirstRetryDelay must be between 00:00:01 and 01:00:00 (is {options.FirstRetryDelay}).");
        }

        if (options.Timeout < TimeSpan.FromSeconds(1) || options.Timeout > CallbackOptions.MaxTimeout)
        {
            errors.Add($"{Prefix}Timeout must be between 00:00:01 and 00:01:00 (is {options.Timeout}).");
        }

        for (int i = 0; i < options.AllowedHosts.Count; i++)
        {
            string host = options.AllowedHosts[i];
            // Exact names only: a wildcard would admit whatever an attacker can name under that domain.
            if (string.IsNullOrWhiteSpace(host) || host.Contains('*', StringComparison.Ordinal) || Uri.CheckHostName(host) == UriHostNameType.Unknown)
            {
                errors.Add($"{Prefix}AllowedHosts:{i} must be a host name or IP address without wildcards (is '{host}').");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
