using System.Net;
using Dispatch.Api.Apis;
using Dispatch.Tests.Support;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// The case view, every action's answer and a 409 carry <c>allowedActions</c> for the person asking: what the console shows as
/// buttons. A case filed by an agent, dispatched by hand to UM with ENV assisting, signed, its reply clock paused.
/// </summary>
[Category("Integration")]
public sealed class AllowedActionsAnswerSpecs : HotlineFixture
{
    protected override bool WithWorkers => false;

    private async Task<IReadOnlyList<string>> Seen(string user, string number) => (await (await As(user)).GetCaseAsync(number)).AllowedActions;

    [Test]
    public async Task Each_answer_offers_what_its_reader_may_do_now_and_a_409_offers_the_same_instead_of_every_action_of_the_state()
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise());
        var number = filed.Number;
        var dispatcherOnFiled = await Seen("dispatcher1", number);
        var dispatched = await (await As("dispatcher1")).ActAsync(number, "dispatch", new DispatchRequest("UM", ["ENV"], null));
        var leadOnDispatched = await Seen("um.handler", number);
        var assistingOnDispatched = await Seen("env.handler", number);
        var signed = await (await As("um.handler")).ActAsync(number, "sign");
        using var signedAgain = await (await As("um.handler")).PostActionAsync(number, "sign");
        var refusal = await signedAgain.ProblemAsync();
        var dispatcherOnSigned = await Seen("dispatcher1", number);
        var paused = await (await As("dispatcher1")).ActAsync(number, "clock/pause", new ReasonRequest("等待市民补充现场照片"));
        using var dispatchAgain = await (await As("dispatcher1")).PostActionAsync(number, "dispatch", new DispatchRequest("ENV", [], null));
        var dispatcherRefusal = await dispatchAgain.ProblemAsync();
        var supervisorOnSigned = await Seen("supervisor1", number);
        var visitorOnSigned = await Seen("visitor1", number);

        Assert.Multiple(() =>
        {
            Assert.That(filed.AllowedActions, Is.EqualTo(new[] { "add-note", "attach" }), "a complaint is not closed on the call");
            Assert.That(dispatcherOnFiled, Is.EqualTo(new[] { "dispatch", "merge", "add-note", "attach" }));
            Assert.That(dispatched.AllowedActions, Is.EqualTo(new[] { "merge", "add-note", "urge", "supervise", "attach" }));
            Assert.That(leadOnDispatched, Is.EqualTo(new[] { "sign", "return", "add-note", "attach" }));
            Assert.That(assistingOnDispatched, Is.EqualTo(new[] { "add-note", "assist-reply", "attach" }));
            Assert.That(signed.AllowedActions, Is.EqualTo(new[] { "forward", "return", "reply", "add-note", "request-extension", "attach" }));
            Assert.That(signedAgain.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(refusal.GetProperty("state").GetString(), Is.EqualTo("signed"));
            Assert.That(refusal.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()),
                Is.EqualTo(new[] { "forward", "return", "reply", "add-note", "request-extension", "attach" }),
                "no merge, urge, deadline-warning or mark-overdue for a handler");
            Assert.That(dispatcherOnSigned, Is.EqualTo(new[] { "merge", "add-note", "urge", "supervise", "pause-clock", "attach" }));
            Assert.That(paused.AllowedActions, Is.EqualTo(new[] { "merge", "add-note", "urge", "supervise", "resume-clock", "attach" }),
                "the answer to a pause offers resuming");
            Assert.That(dispatchAgain.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(dispatcherRefusal.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()),
                Is.EqualTo(new[] { "merge", "add-note", "urge", "supervise", "resume-clock", "attach" }));
            Assert.That(supervisorOnSigned, Is.EqualTo(new[] { "urge", "supervise" }));
            Assert.That(visitorOnSigned, Is.EqualTo(new[] { "attach" }), "a return visitor may add evidence");
        });
    }
}
