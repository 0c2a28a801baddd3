using Tollgate.Callbacks;

namespace Tollgate.Tests.Callbacks;

/// <summary>Retries back off exponentially from the first delay, capped at an hour.</summary>
public sealed class CallbackScheduleTests
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(5, 160)]
    [InlineData(9, 2560)]
    [InlineData(10, 3600)]
    [InlineData(19, 3600)]
    [InlineData(1000, 3600)]
    public void TheNthRetryWaitsFirstDelayTimesTwoToTheNMinusOneCappedAtAnHour(int failedAttempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), CallbackSchedule.RetryDelay(TimeSpan.FromSeconds(10), failedAttempt));

    [Fact]
    public void AttemptsCountFromOne() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CallbackSchedule.RetryDelay(TimeSpan.FromSeconds(1), 0));

    [Theory]
    [InlineData(200, CallbackOutcome.Delivered)]
    [InlineData(204, CallbackOutcome.Delivered)]
    [InlineData(301, CallbackOutcome.Rejected)]
    [InlineData(307, CallbackOutcome.Rejected)]
    [InlineData(400, CallbackOutcome.Rejected)]
    [InlineData(401, CallbackOutcome.Rejected)]
    [InlineData(410, CallbackOutcome.Rejected)]
    [InlineData(408, CallbackOutcome.Failed)]
    [InlineData(429, CallbackOutcome.Failed)]
    [InlineData(500, CallbackOutcome.Failed)]
    [InlineData(503, CallbackOutcome.Failed)]
    public void AnAnswerIsDeliveredRetriedOrRefused(int status, CallbackOutcome outcome) =>
        Assert.Equal(outcome, CallbackDelivery.Classify(status));
}
