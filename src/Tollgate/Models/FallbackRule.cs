namespace Tollgate.Models;

/// <summary>When a failed attempt hands its call to the deployment's catalog fallback.</summary>
public enum FallbackRule
{
    /// <summary>Never: another deployment would be sent the same refused content, or there is nothing to recover from.</summary>
    Never,

    /// <summary>At once: this deployment cannot take the request now, so waiting for it would be wasted.</summary>
    AtOnce,

    /// <summary>Only after this deployment's attempts (<c>ModelCalls.AttemptsPerDeployment</c>) are used: the failure may pass.</summary>
    AfterDeploymentAttempts,
}
