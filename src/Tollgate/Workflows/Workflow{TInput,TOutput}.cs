namespace Tollgate.Workflows;

/// <summary>A workflow without settings: see <see cref="Workflow{TInput, TOutput, TSettings}"/>.</summary>
public abstract class Workflow<TInput, TOutput> : Workflow<TInput, TOutput, NoSettings>
    where TInput : class
    where TOutput : class;
