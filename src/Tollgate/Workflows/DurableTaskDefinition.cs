using Microsoft.DurableTask;

namespace Tollgate.Workflows;

/// <summary>
/// An orchestrator or activity, and how it is registered with a Durable Task worker. Orchestrators are
/// registered as <see cref="TaskOrchestrator{TInput, TOutput}"/> classes, so the Durable analyzers check them.
/// </summary>
public sealed record DurableTaskDefinition(string Name, DurableTaskKind Kind, Action<DurableTaskRegistry> Register);
