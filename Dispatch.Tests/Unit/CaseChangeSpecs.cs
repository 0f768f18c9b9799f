using Dispatch.Contracts;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Deadlines;
using static Dispatch.Tests.Support.ChangeScene;

namespace Dispatch.Tests.Unit;

/// <summary>
/// Every action the lifecycle allows, in every state that allows it, through the one function that changes a case: what the case
/// becomes, the audit entry, the events, the records kept beside it and what happens to its clocks, each written out here by hand.
/// </summary>
[Category("Unit")]
public sealed class CaseChangeSpecs
{
    /// <summary>One allowed (state, action): the request that takes it, and everything the change must be.</summary>
    public sealed record Row(CaseState State, CaseAction Action, Func<Case, CaseRequest> Request)
    {
        /// <summary>What the case holds beyond its state's defaults (a pending extension, visit attempts...).</summary>
        public Func<Case, Case> Given { get; init; } = c => c;

        /// <summary>The case's clocks; null: as its state leaves them (<see cref="Support.ChangeScene.ClocksIn"/>).</summary>
        public IReadOnlyList<CaseClock>? Clocks { get; init; }

        /// <summary>The case afterwards, from the case before: its state and every field the action sets (version and updated_at aside).</summary>
        public required Func<Case, Case> Then { get; init; }

        public required string Actor { get; init; }

        public string? Reason { get; init; }

        public (string? Name, long? Id, int? Version) DecidedBy { get; init; }

        /// <summary>The events after <see cref="CaseChanged"/>, which every step announces first.</summary>
        public object[] Events { get; init; } = [];

        public CaseRecord[] Records { get; init; } = [];

        public required string[] ClockLines { get; init; }

        public bool ClosesFollowers { get; init; }

        public override string ToString() => $"{State} x {Action}";
    }

    private static readonly string Sweeper = DeadlineSweeper.Actor;

    /// <summary>A grid worker (网格员) of 北山社区's first grid: the pure change does not ask who may act (CaseAccess does).</summary>
    private static readonly Workers.Access.Actor GridWorker = new("grid.bs1", Workers.Access.Roles.Handler, "ST-S01-C01-G01");

    private static CaseRequest.ByPerson By(Workers.Access.Actor actor, CaseCommand command, Case? master = null) =>
        new(command, actor, Catalogue, master, MaxVisitAttempts: 3);

    private static CaseRequest.ByAlarm Alarm(string clockKind, string kind, int threshold) =>
        new(new DueAlarm { Id = 1, CaseId = Id, ClockKind = clockKind, Generation = 1, Kind = kind, Threshold = threshold, DueAt = Now }, Policy, Sweeper);

    private static readonly string UnchangedDue = "next due unchanged";

    private static readonly Guid PhotoId = Guid.Parse("0192f0c4-0000-7000-8000-000000000001");

    /// <summary>A photo whose bytes are already in the blob store, as an upload attaches it.</summary>
    private static Workers.Attachments.NewAttachment Photo(string origin) =>
        new(PhotoId, new string('a', 64), "image/jpeg", "photo", 183_204, 1280, 960, new string('b', 64), "IMG_0001.jpg", null, origin);

    /// <summary>The audit names the file by id, type, size and hash (sealed with the row), never by the name it was sent with.</summary>
    private static string PhotoReason(string origin) =>
        $"photo {PhotoId}: image/jpeg, 183204 bytes, sha256 {new string('a', 64)}" + (origin == "caller" ? ", the caller's" : "");
    private static readonly string NoDue = "next due none, on the case";

    private static string Due(string due) => $"next due {due}, on the case";

    private static string Started(string kind, int generation, bool restarted, string due, string warning) =>
        $"start {kind} generation {generation} ({(restarted ? "restarted" : "new")}), due {due}, policy 7 v2, calendar CENTER v3, " +
        $"first alarm warning 50% at {warning}";

    public static IEnumerable<Row> Table() =>
    [
        // 已受理
        new(CaseState.Filed, CaseAction.CloseDirectly, _ => By(Dispatcher, new CaseCommand.CloseDirectly("垃圾清运时间是每天早上7点")))
        {
            Given = c => c with { RequestType = "consultation" },
            Then = c => c with { Status = CaseState.Closed, Reply = "垃圾清运时间是每天早上7点", ClosedAt = Now, CloseOutcome = CloseOutcomes.Direct },
            Actor = "dispatcher:dispatcher1", Reason = "垃圾清运时间是每天早上7点", Events = [new CaseClosed(Id, Number, "direct", Now)],
            ClockLines = [NoDue], ClosesFollowers = true,
        },
        new(CaseState.Filed, CaseAction.Dispatch, _ => By(Dispatcher, new CaseCommand.Dispatch("UM", ["ENV", "UM", "ENV"], "按属地派单")))
        {
            Then = c => c with
            {
                Status = CaseState.Dispatched, LeadDepartmentCode = "UM", AssistingDepartmentCodes = ["ENV"], DispatchedAt = Now, NextDueAt = Now.AddHours(2),
            },
            Actor = "dispatcher:dispatcher1", Reason = "to UM with ENV: 按属地派单",
            Events = [new CaseDispatched(Id, Number, "UM", ["ENV"], "dispatcher", null, null, Now)],
            ClockLines =
            [
                Started(ClockKinds.SignOff, 1, false, "now+2h", "now+1h"), Started(ClockKinds.Reply, 1, false, "now+24h", "now+12h"), "next due now+2h, on the case",
            ],
        },
        new(CaseState.Filed, CaseAction.Merge, _ => By(Dispatcher, new CaseCommand.Merge(MasterNumber, "重复来电"), Master))
        {
            Then = c => c with { Status = CaseState.Merged, MasterCaseId = MasterId, MasterNumber = MasterNumber },
            Actor = "dispatcher:dispatcher1", Reason = $"into {MasterNumber}: 重复来电", ClockLines = [NoDue],
        },
        new(CaseState.Filed, CaseAction.Attach, _ => By(new Workers.Access.Actor("agent1", Workers.Access.Roles.Agent, null), new CaseCommand.Attach(Photo("caller"), 20)))
        {
            Then = c => c, Actor = "agent:agent1", Reason = PhotoReason("caller"),
            Records = [new CaseRecord.Attached(Photo("caller"), "agent:agent1", 2, Now)], ClockLines = [UnchangedDue],
        },
        new(CaseState.Filed, CaseAction.ReleaseAttachment, _ => By(Dispatcher, new CaseCommand.ReleaseAttachment(PhotoId, "承办单位需要现场照片"))
            with { UnreleasedCallerFiles = new HashSet<Guid> { PhotoId } })
        {
            Given = c => c with { Caller = c.Caller with { Confidential = true } },
            Then = c => c, Actor = "dispatcher:dispatcher1", Reason = $"file {PhotoId} released to the departments: 承办单位需要现场照片",
            Records = [new CaseRecord.AttachmentReleased(PhotoId, "dispatcher:dispatcher1", Now)], ClockLines = [UnchangedDue],
        },
        new(CaseState.Filed, CaseAction.CloseOnSpot, _ => By(GridWorker, new CaseCommand.CloseOnSpot("已当场清理占道堆物") { AttachmentIds = [PhotoId] })
            with { UncitedAttachments = new HashSet<Guid> { PhotoId }, UncitedPhotos = new HashSet<Guid> { PhotoId } })
        {
            Then = c => c with { Status = CaseState.Closed, Reply = "已当场清理占道堆物", ResolvedAt = Now, ClosedAt = Now, CloseOutcome = CloseOutcomes.OnSpot },
            Actor = "handler:grid.bs1@ST-S01-C01-G01", Reason = $"已当场清理占道堆物 (attachments: {PhotoId})",
            Events = [new CaseClosed(Id, Number, "on-spot", Now)],
            Records = [new CaseRecord.AttachmentsCited([PhotoId], 2, "close-on-spot")], ClockLines = [UnchangedDue],
        },
        new(CaseState.Filed, CaseAction.AddNote, _ => By(Dispatcher, new CaseCommand.AddNote("来电人补充了门牌号")))
        {
            Then = c => c, Actor = "dispatcher:dispatcher1", Reason = "来电人补充了门牌号", ClockLines = [UnchangedDue],
        },

        // 已派单 (sign-off and reply clocks running since an hour ago)
        new(CaseState.Dispatched, CaseAction.Sign, _ => By(LeadHandler, new CaseCommand.Sign()))
        {
            Then = c => c with { NextDueAt = Now.AddHours(23), Status = CaseState.Signed, SignedAt = Now }, Actor = "handler:um1@UM",
            ClockLines = ["stop sign-off now after 3600s, kept on the case", "drop pending alarms of sign-off", Due("now+23h")],
        },
        new(CaseState.Dispatched, CaseAction.Return, _ => By(LeadHandler, new CaseCommand.Return("not-our-duty", "不属于本部门职责")))
        {
            Then = c => c with { NextDueAt = null, Status = CaseState.Returned }, Actor = "handler:um1@UM", Reason = "not-our-duty: 不属于本部门职责",
            Records = [new CaseRecord.Returned("UM", InTime: true, Now)],
            ClockLines = ["stop sign-off now after 3600s", "stop reply now after 3600s", "drop pending alarms of every clock", NoDue],
        },
        new(CaseState.Dispatched, CaseAction.Merge, _ => By(Dispatcher, new CaseCommand.Merge(MasterNumber, null), Master))
        {
            Then = c => c with { NextDueAt = null, Status = CaseState.Merged, MasterCaseId = MasterId, MasterNumber = MasterNumber },
            Actor = "dispatcher:dispatcher1", Reason = $"into {MasterNumber}",
            ClockLines = ["stop sign-off now after 3600s", "stop reply now after 3600s", "drop pending alarms of every clock", NoDue],
        },
        new(CaseState.Dispatched, CaseAction.Attach, _ => By(LeadHandler, new CaseCommand.Attach(Photo("staff"), 20)))
        {
            Then = c => c, Actor = "handler:um1@UM", Reason = PhotoReason("staff"),
            Records = [new CaseRecord.Attached(Photo("staff"), "handler:um1@UM", 3, Now)], ClockLines = [UnchangedDue],
        },
        new(CaseState.Dispatched, CaseAction.ReleaseAttachment, _ => By(Dispatcher, new CaseCommand.ReleaseAttachment(PhotoId, "承办单位需要现场照片"))
            with { UnreleasedCallerFiles = new HashSet<Guid> { PhotoId } })
        {
            Given = c => c with { Caller = c.Caller with { Confidential = true } },
            Then = c => c, Actor = "dispatcher:dispatcher1", Reason = $"file {PhotoId} released to the departments: 承办单位需要现场照片",
            Records = [new CaseRecord.AttachmentReleased(PhotoId, "dispatcher:dispatcher1", Now)], ClockLines = [UnchangedDue],
        },
        new(CaseState.Dispatched, CaseAction.AddNote, _ => By(LeadHandler, new CaseCommand.AddNote("已联系施工单位")))
        {
            Then = c => c, Actor = "handler:um1@UM", Reason = "已联系施工单位", ClockLines = [UnchangedDue],
        },
        new(CaseState.Dispatched, CaseAction.AssistReply, _ => By(AssistingHandler, new CaseCommand.AssistReply("环保局已到场检测噪声")))
        {
            Then = c => c, Actor = "handler:env1@ENV", Reason = "[ENV] 环保局已到场检测噪声", ClockLines = [UnchangedDue],
        },
        new(CaseState.Dispatched, CaseAction.Urge, _ => By(Dispatcher, new CaseCommand.Urge("请尽快签收")))
        {
            Then = c => c, Actor = "dispatcher:dispatcher1", Reason = "请尽快签收", ClockLines = [UnchangedDue],
        },
        new(CaseState.Dispatched, CaseAction.Supervise, _ => By(Supervisor, new CaseCommand.Supervise("列入督办")))
        {
            Then = c => c, Actor = "supervisor:supervisor1", Reason = "列入督办", ClockLines = [UnchangedDue],
        },
        new(CaseState.Dispatched, CaseAction.DeadlineWarning, _ => Alarm(ClockKinds.SignOff, AlarmKinds.Warning, 50))
        {
            Then = c => c, Actor = Sweeper, Reason = $"sign-off clock 50% used; due {Now.AddHours(1):O}", DecidedBy = ("sla-policy", 7, 2),
            Events = [new DeadlineWarningReached(Id, Number, ClockKinds.SignOff, 50, Now.AddHours(1), "UM", Now)],
            ClockLines = [UnchangedDue, "next sign-off alarm: overdue 100% at now+1h (generation 1)"],
        },
        new(CaseState.Dispatched, CaseAction.MarkOverdue, _ => Alarm(ClockKinds.SignOff, AlarmKinds.Overdue, 100))
        {
            Clocks = [Clock(ClockKinds.SignOff, ClockStates.Running, Now.AddHours(-2), Now), Clock(ClockKinds.Reply, ClockStates.Running, Now.AddHours(-2), Now.AddHours(22))],
            Then = c => c with { SignOffOverdueAt = Now }, Actor = Sweeper, Reason = $"not signed for by {Now:O}", DecidedBy = ("sla-policy", 7, 2),
            Events = [new SignOffOverdue(Id, Number, Now, "UM", AutoReturned: false, Now)],
            ClockLines = ["mark sign-off overdue now", UnchangedDue],
        },

        // 已签收 (the sign-off clock stopped; the reply clock running since an hour ago)
        new(CaseState.Signed, CaseAction.Forward, _ => By(LeadHandler, new CaseCommand.Forward("UM-SQ1", "请社区核实")))
        {
            Then = c => c with { Status = CaseState.Dispatched, HandlingDepartmentCode = "UM-SQ1", SignedAt = null },
            Actor = "handler:um1@UM", Reason = "to UM-SQ1: 请社区核实", ClockLines = [UnchangedDue],
        },
        new(CaseState.Signed, CaseAction.Return, _ => By(LeadHandler, new CaseCommand.Return("not-our-area", "不在本辖区")))
        {
            Then = c => c with { NextDueAt = null, Status = CaseState.Returned, SignedAt = null }, Actor = "handler:um1@UM", Reason = "not-our-area: 不在本辖区",
            Records = [new CaseRecord.Returned("UM", InTime: true, Now)],
            ClockLines = ["stop reply now after 3600s", "drop pending alarms of every clock", NoDue],
        },
        new(CaseState.Signed, CaseAction.Reply, _ => By(LeadHandler, new CaseCommand.Reply("已责令施工单位夜间停工")))
        {
            Then = c => c with { NextDueAt = null, Status = CaseState.Resolved, Reply = "已责令施工单位夜间停工", ResolvedAt = Now },
            Actor = "handler:um1@UM", Reason = "已责令施工单位夜间停工",
            ClockLines = ["stop reply now after 3600s, kept on the case", "drop pending alarms of reply", NoDue],
        },
        new(CaseState.Signed, CaseAction.Merge, _ => By(Dispatcher, new CaseCommand.Merge(MasterNumber, null), Master))
        {
            Then = c => c with { NextDueAt = null, Status = CaseState.Merged, MasterCaseId = MasterId, MasterNumber = MasterNumber },
            Actor = "dispatcher:dispatcher1", Reason = $"into {MasterNumber}",
            ClockLines = ["stop reply now after 3600s", "drop pending alarms of every clock", NoDue],
        },
        new(CaseState.Signed, CaseAction.Attach, _ => By(LeadHandler, new CaseCommand.Attach(Photo("staff"), 20)))
        {
            Then = c => c, Actor = "handler:um1@UM", Reason = PhotoReason("staff"),
            Records = [new CaseRecord.Attached(Photo("staff"), "handler:um1@UM", 4, Now)], ClockLines = [UnchangedDue],
        },
        new(CaseState.Signed, CaseAction.ReleaseAttachment, _ => By(Dispatcher, new CaseCommand.ReleaseAttachment(PhotoId, "承办单位需要现场照片"))
            with { UnreleasedCallerFiles = new HashSet<Guid> { PhotoId } })
        {
            Given = c => c with { Caller = c.Caller with { Confidential = true } },
            Then = c => c, Actor = "dispatcher:dispatcher1", Reason = $"file {PhotoId} released to the departments: 承办单位需要现场照片",
            Records = [new CaseRecord.AttachmentReleased(PhotoId, "dispatcher:dispatcher1", Now)], ClockLines = [UnchangedDue],
        },
        new(CaseState.Signed, CaseAction.VerifyOnSite, _ => By(GridWorker, new CaseCommand.VerifyOnSite("现场确有夜间施工", 30.2741, 120.1551) { AttachmentIds = [PhotoId] })
            with { UncitedAttachments = new HashSet<Guid> { PhotoId }, UncitedPhotos = new HashSet<Guid> { PhotoId } })
        {
            Then = c => c with { SiteVisits = 1 }, Actor = "handler:grid.bs1@ST-S01-C01-G01",
            Reason = $"on site at 30.274100,120.155100: 现场确有夜间施工 (attachments: {PhotoId})",
            Records = [new CaseRecord.AttachmentsCited([PhotoId], 4, "verify-on-site")], ClockLines = [UnchangedDue],
        },
        new(CaseState.Signed, CaseAction.AddNote, _ => By(LeadHandler, new CaseCommand.AddNote("已约谈施工单位")))
        {
            Then = c => c, Actor = "handler:um1@UM", Reason = "已约谈施工单位", ClockLines = [UnchangedDue],
        },
        new(CaseState.Signed, CaseAction.AssistReply, _ => By(AssistingHandler, new CaseCommand.AssistReply("噪声超标，已立案")))
        {
            Then = c => c, Actor = "handler:env1@ENV", Reason = "[ENV] 噪声超标，已立案", ClockLines = [UnchangedDue],
        },
        new(CaseState.Signed, CaseAction.RequestExtension, _ => By(LeadHandler, new CaseCommand.RequestExtension(Now.AddDays(3), "需协调多个部门")))
        {
            Then = c => c with { PendingExtensionUntil = Now.AddDays(3) }, Actor = "handler:um1@UM",
            Reason = $"until {Now.AddDays(3):O}: 需协调多个部门", ClockLines = [UnchangedDue],
        },
        new(CaseState.Signed, CaseAction.ApproveExtension, _ => By(Dispatcher, new CaseCommand.ApproveExtension("同意延期")))
        {
            Given = c => c with { PendingExtensionUntil = Now.AddDays(3) },
            Then = c => c with { NextDueAt = Now.AddHours(72), ExtendedUntil = Now.AddDays(3), PendingExtensionUntil = null }, Actor = "dispatcher:dispatcher1",
            Reason = $"until {Now.AddDays(3):O}: 同意延期",
            // Started an hour ago, due in 72 hours now: half of its 73 hours falls 35.5 hours from now.
            ClockLines = ["move reply to now+72h as generation 2, 0s more paused", "drop pending alarms of reply", "plan reply generation 2: warning 50% at now+35h30m", Due("now+72h")],
        },
        new(CaseState.Signed, CaseAction.RefuseExtension, _ => By(Dispatcher, new CaseCommand.RefuseExtension("理由不充分")))
        {
            Given = c => c with { PendingExtensionUntil = Now.AddDays(3) },
            Then = c => c with { PendingExtensionUntil = null }, Actor = "dispatcher:dispatcher1", Reason = "理由不充分", ClockLines = [UnchangedDue],
        },
        new(CaseState.Signed, CaseAction.Urge, _ => By(Dispatcher, new CaseCommand.Urge("请在期限内答复")))
        {
            Then = c => c, Actor = "dispatcher:dispatcher1", Reason = "请在期限内答复", ClockLines = [UnchangedDue],
        },
        new(CaseState.Signed, CaseAction.Supervise, _ => By(Supervisor, new CaseCommand.Supervise("列入督办")))
        {
            Then = c => c, Actor = "supervisor:supervisor1", Reason = "列入督办", ClockLines = [UnchangedDue],
        },
        new(CaseState.Signed, CaseAction.PauseClock, _ => By(Dispatcher, new CaseCommand.PauseClock("等待来电人补充材料")))
        {
            Then = c => c with { NextDueAt = null }, Actor = "dispatcher:dispatcher1", Reason = "等待来电人补充材料",
            ClockLines = ["pause reply now", "drop pending alarms of reply", NoDue],
        },
        new(CaseState.Signed, CaseAction.ResumeClock, _ => By(Dispatcher, new CaseCommand.ResumeClock("材料已补充")))
        {
            // Paused two hours ago with 21 hours left: due 21 hours from now, two hours more paused; half of its 26 hours is 8 hours ahead.
            Clocks =
            [
                Clock(ClockKinds.SignOff, ClockStates.Stopped, Now.AddHours(-6), Now.AddHours(-4)),
                Clock(ClockKinds.Reply, ClockStates.Paused, Now.AddHours(-5), Now.AddHours(19), pausedAt: Now.AddHours(-2)),
            ],
            Then = c => c with { NextDueAt = Now.AddHours(21) }, Actor = "dispatcher:dispatcher1", Reason = "材料已补充",
            ClockLines = ["move reply to now+21h as generation 2, 7200s more paused", "drop pending alarms of reply", "plan reply generation 2: warning 50% at now+8h", Due("now+21h")],
        },
        new(CaseState.Signed, CaseAction.DeadlineWarning, _ => Alarm(ClockKinds.Reply, AlarmKinds.Warning, 50))
        {
            Clocks = [Clock(ClockKinds.SignOff, ClockStates.Stopped, Now.AddHours(-14), Now.AddHours(-12)), Clock(ClockKinds.Reply, ClockStates.Running, Now.AddHours(-12), Now.AddHours(12))],
            Then = c => c, Actor = Sweeper, Reason = $"reply clock 50% used; due {Now.AddHours(12):O}", DecidedBy = ("sla-policy", 7, 2),
            Events = [new DeadlineWarningReached(Id, Number, ClockKinds.Reply, 50, Now.AddHours(12), "UM", Now)],
            ClockLines = [UnchangedDue, "next reply alarm: overdue 100% at now+12h (generation 1)"],
        },
        new(CaseState.Signed, CaseAction.MarkOverdue, _ => Alarm(ClockKinds.Reply, AlarmKinds.Overdue, 100))
        {
            Clocks = [Clock(ClockKinds.SignOff, ClockStates.Stopped, Now.AddHours(-26), Now.AddHours(-24)), Clock(ClockKinds.Reply, ClockStates.Running, Now.AddHours(-24), Now)],
            Then = c => c with { ReplyOverdueAt = Now }, Actor = Sweeper, Reason = $"not replied to by {Now:O}; escalated to the department head",
            DecidedBy = ("sla-policy", 7, 2), Events = [new ReplyOverdue(Id, Number, Now, "UM", Now)],
            ClockLines = ["mark reply overdue now", UnchangedDue, "next reply alarm: supervise 101% at now+4h (generation 1)"],
        },

        // 已退回 (both clocks stopped)
        new(CaseState.Returned, CaseAction.Redispatch, _ => By(Dispatcher, new CaseCommand.Redispatch("ENV", [], "应由环保部门处理")))
        {
            Then = c => c with
            {
                Status = CaseState.Dispatched, LeadDepartmentCode = "ENV", AssistingDepartmentCodes = [], DispatchedAt = Now, NextDueAt = Now.AddHours(2),
            },
            Actor = "dispatcher:dispatcher1", Reason = "to ENV: 应由环保部门处理", Events = [new CaseDispatched(Id, Number, "ENV", [], "dispatcher", null, null, Now)],
            ClockLines =
            [
                "drop pending alarms of every clock", Started(ClockKinds.SignOff, 2, true, "now+2h", "now+1h"), Started(ClockKinds.Reply, 2, true, "now+24h", "now+12h"),
                "next due now+2h, on the case",
            ],
        },
        new(CaseState.Returned, CaseAction.RejectReturn, _ => By(Dispatcher, new CaseCommand.RejectReturn("属于本部门职责，请办理")))
        {
            Then = c => c with { NextDueAt = Now.AddHours(24), Status = CaseState.Signed, SignedAt = Now }, Actor = "dispatcher:dispatcher1", Reason = "属于本部门职责，请办理",
            ClockLines = ["drop pending alarms of reply", Started(ClockKinds.Reply, 2, true, "now+24h", "now+12h"), Due("now+24h")],
        },
        new(CaseState.Returned, CaseAction.Merge, _ => By(Dispatcher, new CaseCommand.Merge(MasterNumber, "同一工地"), Master))
        {
            Then = c => c with { Status = CaseState.Merged, MasterCaseId = MasterId, MasterNumber = MasterNumber },
            Actor = "dispatcher:dispatcher1", Reason = $"into {MasterNumber}: 同一工地", ClockLines = ["drop pending alarms of every clock", NoDue],
        },
        new(CaseState.Returned, CaseAction.Attach, _ => By(Dispatcher, new CaseCommand.Attach(Photo("staff"), 20)))
        {
            Then = c => c, Actor = "dispatcher:dispatcher1", Reason = PhotoReason("staff"),
            Records = [new CaseRecord.Attached(Photo("staff"), "dispatcher:dispatcher1", 4, Now)], ClockLines = [UnchangedDue],
        },
        new(CaseState.Returned, CaseAction.ReleaseAttachment, _ => By(Dispatcher, new CaseCommand.ReleaseAttachment(PhotoId, "承办单位需要现场照片"))
            with { UnreleasedCallerFiles = new HashSet<Guid> { PhotoId } })
        {
            Given = c => c with { Caller = c.Caller with { Confidential = true } },
            Then = c => c, Actor = "dispatcher:dispatcher1", Reason = $"file {PhotoId} released to the departments: 承办单位需要现场照片",
            Records = [new CaseRecord.AttachmentReleased(PhotoId, "dispatcher:dispatcher1", Now)], ClockLines = [UnchangedDue],
        },
        new(CaseState.Returned, CaseAction.AddNote, _ => By(Dispatcher, new CaseCommand.AddNote("待改派")))
        {
            Then = c => c, Actor = "dispatcher:dispatcher1", Reason = "待改派", ClockLines = [UnchangedDue],
        },

        // 已反馈 (both clocks stopped)
        new(CaseState.Resolved, CaseAction.CloseAfterVisit, _ => By(Visitor, new CaseCommand.ReturnVisit(true, true, Satisfactions.Satisfied, "处理及时")))
        {
            Then = c => c with { Status = CaseState.Closed, ClosedAt = Now, CloseOutcome = CloseOutcomes.Satisfied },
            Actor = "visitor:visitor1", Reason = "reached=True, resolved=True, satisfied", Events = [new CaseClosed(Id, Number, "satisfied", Now)],
            Records = [new CaseRecord.Visited(1, true, true, Satisfactions.Satisfied, "处理及时", "UM", "visitor:visitor1", Now)],
            ClockLines = ["drop pending alarms of every clock", NoDue], ClosesFollowers = true,
        },
        new(CaseState.Resolved, CaseAction.Reopen, _ => By(Visitor, new CaseCommand.ReturnVisit(true, false, Satisfactions.Dissatisfied, "晚上仍在施工")))
        {
            Then = c => c with
            {
                Status = CaseState.Dispatched, RedoCount = 1, DispatchedAt = Now, SignedAt = null, ResolvedAt = null, VisitAttempts = 0, NextDueAt = Now.AddHours(2),
            },
            Actor = "visitor:visitor1", Reason = "reached=True, resolved=False, dissatisfied",
            Events = [new CaseDispatched(Id, Number, "UM", ["ENV"], "reopen", null, null, Now)],
            Records = [new CaseRecord.Visited(1, true, false, Satisfactions.Dissatisfied, "晚上仍在施工", "UM", "visitor:visitor1", Now)],
            ClockLines =
            [
                "drop pending alarms of every clock", Started(ClockKinds.SignOff, 2, true, "now+2h", "now+1h"), Started(ClockKinds.Reply, 2, true, "now+24h", "now+12h"),
                "next due now+2h, on the case",
            ],
        },
        new(CaseState.Resolved, CaseAction.RecordVisitAttempt, _ => By(Visitor, new CaseCommand.ReturnVisit(false, null, null, "无人接听")))
        {
            Then = c => c with { VisitAttempts = 1 }, Actor = "visitor:visitor1", Reason = "reached=False",
            Records = [new CaseRecord.Visited(1, false, null, null, "无人接听", "UM", "visitor:visitor1", Now)], ClockLines = [UnchangedDue],
        },
        new(CaseState.Resolved, CaseAction.CloseUnreachable, _ => By(Visitor, new CaseCommand.ReturnVisit(false, null, null, null)))
        {
            Given = c => c with { VisitAttempts = 2 },
            Then = c => c with { Status = CaseState.Closed, VisitAttempts = 3, ClosedAt = Now, CloseOutcome = CloseOutcomes.Unreachable },
            Actor = "visitor:visitor1", Reason = "reached=False", Events = [new CaseClosed(Id, Number, "unreachable", Now)],
            Records = [new CaseRecord.Visited(3, false, null, null, null, "UM", "visitor:visitor1", Now)],
            ClockLines = ["drop pending alarms of every clock", NoDue], ClosesFollowers = true,
        },
        new(CaseState.Resolved, CaseAction.Attach, _ => By(Visitor, new CaseCommand.Attach(Photo("staff"), 20)))
        {
            Then = c => c, Actor = "visitor:visitor1", Reason = PhotoReason("staff"),
            Records = [new CaseRecord.Attached(Photo("staff"), "visitor:visitor1", 5, Now)], ClockLines = [UnchangedDue],
        },
        new(CaseState.Resolved, CaseAction.ReleaseAttachment, _ => By(Dispatcher, new CaseCommand.ReleaseAttachment(PhotoId, "承办单位需要现场照片"))
            with { UnreleasedCallerFiles = new HashSet<Guid> { PhotoId } })
        {
            Given = c => c with { Caller = c.Caller with { Confidential = true } },
            Then = c => c, Actor = "dispatcher:dispatcher1", Reason = $"file {PhotoId} released to the departments: 承办单位需要现场照片",
            Records = [new CaseRecord.AttachmentReleased(PhotoId, "dispatcher:dispatcher1", Now)], ClockLines = [UnchangedDue],
        },
        new(CaseState.Resolved, CaseAction.AddNote, _ => By(Visitor, new CaseCommand.AddNote("约定明天再回访")))
        {
            Then = c => c, Actor = "visitor:visitor1", Reason = "约定明天再回访", ClockLines = [UnchangedDue],
        },

        // 已办结: only the retention policy still changes it
        new(CaseState.Closed, CaseAction.AnonymiseCaller, _ => new CaseRequest.ByRetention(36, "system:retention", "retention-policy"))
        {
            Then = c => c with { Caller = new Caller(null, null, false) }, Actor = "system:retention",
            Reason = "closed more than 36 months ago (Retention:CallerDataMonths): caller name, phone, return-visit comments and the caller's own files removed",
            DecidedBy = ("retention-policy", null, null), Records = [new CaseRecord.CallerAnonymised(Now)], ClockLines = [UnchangedDue],
        },

        // 已并单: it follows its master
        new(CaseState.Merged, CaseAction.CloseWithMaster, _ => new CaseRequest.ByMaster(MasterNumber, "visitor:visitor1"))
        {
            Then = c => c with { Status = CaseState.Closed, ClosedAt = Now, CloseOutcome = CloseOutcomes.Merged }, Actor = "visitor:visitor1",
            Reason = $"master case {MasterNumber} closed", Events = [new CaseClosed(Id, Number, "merged", Now)], ClockLines = [NoDue],
        },
    ];

    /// <summary>The clocks as the unit of work reads them for the row: a moved deadline with its policy (nothing fired yet), retention nothing.</summary>
    public static CaseClocks ClocksFor(Row row, Case before)
    {
        ArgumentNullException.ThrowIfNull(row);
        var clocks = row.Clocks ?? ClocksIn(row.State);
        return row.Action switch
        {
            CaseAction.AnonymiseCaller => CaseClocks.Untouched,
            CaseAction.ApproveExtension or CaseAction.ResumeClock => CaseClocks.ReadForMove(Rules, clocks, Policy, new HashSet<(string, int)>()),
            _ => CaseClocks.Read(Rules, clocks),
        };
    }

    private static IEnumerable<TestCaseData> Rows() => Table().Select(r => new TestCaseData(r).SetName(r.ToString()));

    // The sweeper holds every clock of its batch, and retention reads none: the rest read what CaseClockStore.ReadForAsync reads.
    private static IEnumerable<TestCaseData> RowsThatReadForThemselves() => Table()
        .Where(r => r.Request(InState(r.State)) is CaseRequest.ByPerson or CaseRequest.ByMaster)
        .Select(r => new TestCaseData(r).SetName(r.ToString()));

    [Test]
    public void The_table_holds_every_action_the_lifecycle_allows_in_every_state_once()
    {
        var allowed = CaseStates.All.SelectMany(s => CaseLifecycle.AllowedIn(s).Select(a => (s, a)));

        Assert.That(Table().Select(r => (r.State, r.Action)), Is.EquivalentTo(allowed));
    }

    [TestCaseSource(nameof(Rows))]
    public void Changes_the_case_audits_announces_keeps_records_and_moves_clocks_as_the_action_says(Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var before = row.Given(InState(row.State));

        var outcome = CaseChanges.Decide(before, row.Request(before), ClocksFor(row, before), Now);

        Assert.That(outcome, Is.TypeOf<ChangeOutcome.Changed>(), () => $"{outcome}");
        var change = ((ChangeOutcome.Changed)outcome).Change;
        var expected = row.Then(before) with { Version = before.Version + 1, UpdatedAt = Now };
        var audit = new AuditEntry(before.Version + 1, row.Action.ToWire(), row.State.ToWire(), expected.Status.ToWire(), row.Actor, row.Reason,
            row.DecidedBy.Name, row.DecidedBy.Id, row.DecidedBy.Version, Now);
        object[] events = [new CaseChanged(Id, Number, audit.Action, audit.FromState, audit.ToState, row.Actor, expected.Version, Now), .. row.Events];
        Assert.Multiple(() =>
        {
            Assert.That(change.Before, Is.SameAs(before));
            Assert.That(change.Steps, Has.Count.EqualTo(1));
            Assert.That(Json(change.After), Is.EqualTo(Json(expected)), "the case afterwards");
            Assert.That(change.Steps[0].Audit, Is.EqualTo(audit));
            Assert.That(change.Steps[0].Events.Select(Describe), Is.EqualTo(events.Select(Describe)), "CaseChanged first, then the action's own");
            Assert.That(change.Steps[0].Records, Is.EqualTo(row.Records));
            Assert.That(Describe(change.Clocks), Is.EqualTo(row.ClockLines));
            Assert.That(change.ClosesFollowers, Is.EqualTo(row.ClosesFollowers));
        });
    }

    [TestCaseSource(nameof(RowsThatReadForThemselves))]
    public void Needs_the_clocks_read_only_when_it_changes_or_checks_them(Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var before = row.Given(InState(row.State));
        var request = row.Request(before);

        // What CaseClockStore.ReadForAsync asks before it reads.
        var reads = ClockChanges.Reads(before, row.Action, Rules);
        ChangeOutcome WithoutClocks() => CaseChanges.Decide(before, request, CaseClocks.Unread(Rules), Now);

        if (reads)
        {
            Assert.That(WithoutClocks, Throws.InvalidOperationException, "it needs the clocks it says it reads");
        }
        else
        {
            var change = ((ChangeOutcome.Changed)WithoutClocks()).Change;
            Assert.That(Describe(change.Clocks), Is.EqualTo(row.ClockLines), "the same change with no clock read");
        }
    }
}
