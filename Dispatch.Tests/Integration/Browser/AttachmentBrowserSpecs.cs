using System.Text;
using Dispatch.Api.Intake;
using Dispatch.Tests.Support;
using Microsoft.Playwright;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>
/// Files on a case at the console (docs/console.md, "Files"): a photo uploaded from the case page is listed with its thumbnail and
/// opens large in the viewer, every byte read through the API with the session; a file the API refuses is said next to the control,
/// in Chinese, and nothing is added; a screenshot pasted onto the page and a file dropped on the control are uploaded; the handler's
/// reply carries a rectification photo uploaded in its form; the center releases a confidential caller's photo to the departments.
/// </summary>
public sealed class AttachmentBrowserSpecs : BrowserFixture
{
    protected override IReadOnlyList<string> People => ["um.handler", "agent1", "dispatcher1"];

    /// <summary>The case page's files: the gallery and the upload control.</summary>
    private static ILocator Files(CasePage page) => page.Page.GetByTestId("case-files");

    [Test]
    public async Task A_photo_uploaded_on_a_case_shows_its_thumbnail_and_opens_in_the_viewer()
    {
        var number = await FileNightNoiseAsync("附件：上传现场照片", "附件路1号");
        var handler = await As("um.handler");
        await handler.ActAsync(number, "sign");
        var page = await CasePage.OpenAsync(await SignInAsync("um.handler"), number);
        await page.ExpectOnlyAllowedActionsAsync(handler, "attach");

        // 上传附件 among the actions opens the file chooser of the case's upload control.
        var chooser = await page.Page.RunAndWaitForFileChooserAsync(() => page.Button("attach").ClickAsync());
        Assert.That(chooser.IsMultiple, Is.True);
        await chooser.SetFilesAsync(new FilePayload { Name = "工地现场.jpg", MimeType = "image/jpeg", Buffer = TestPhotos.JpegWithGps() });

        var thumbnail = Files(page).GetByTestId("attachment-thumbnail");
        await Assertions.Expect(thumbnail).ToHaveCountAsync(1);
        await ExpectShownAsync(thumbnail);
        await Assertions.Expect(Files(page).GetByTestId("attachment-tile")).ToContainTextAsync("工地现场.jpg");
        await Assertions.Expect(Files(page).GetByTestId("attachment-tile")).ToContainTextAsync("工作人员");
        var stored = (await handler.AttachmentsAsync(number)).Single();
        Assert.That((stored.FileName, stored.Kind, stored.Origin), Is.EqualTo(("工地现场.jpg", "photo", "staff")));

        await Files(page).GetByRole(AriaRole.Button, new() { Name = "查看 照片 工地现场.jpg", Exact = false }).ClickAsync();
        var viewer = page.Page.GetByTestId("attachment-viewer");
        await Assertions.Expect(viewer).ToBeVisibleAsync();
        await ExpectShownAsync(viewer.GetByTestId("attachment-photo"));
        await Assertions.Expect(viewer).ToContainTextAsync("工作人员");
        await Assertions.Expect(viewer).ToContainTextAsync("um.handler");
        // The photo as stored (re-encoded) is what the viewer shows: its width is the API's.
        var width = await viewer.GetByTestId("attachment-photo").EvaluateAsync<int>("img => img.naturalWidth");
        Assert.That(width, Is.EqualTo(stored.Width));

        await page.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(viewer).ToBeHiddenAsync();
        await page.Page.GetByRole(AriaRole.Tab, new() { Name = "处理记录" }).ClickAsync();
        await Assertions.Expect(page.Page.Locator(".el-timeline")).ToContainTextAsync("上传附件");
    }

    [Test]
    public async Task A_refused_upload_shows_the_apis_message_next_to_the_control_and_adds_nothing()
    {
        var number = await FileNightNoiseAsync("附件：伪装的照片", "附件路2号");
        var handler = await As("um.handler");
        await handler.ActAsync(number, "sign");
        var page = await CasePage.OpenAsync(await SignInAsync("um.handler"), number);

        await Files(page).GetByTestId("attachment-file-input").SetInputFilesAsync(
            new FilePayload { Name = "现场.jpg", MimeType = "image/jpeg", Buffer = Encoding.UTF8.GetBytes("这是一段文字，不是照片。") });

        // The API's 415 (the bytes are not what the name says) next to the control, in Chinese, naming the file.
        var error = Files(page).GetByTestId("upload-error");
        await Assertions.Expect(error).ToHaveTextAsync("现场.jpg：文件内容与文件名不符（例如名为 .jpg 却不是照片），未上传。请按文件的真实类型发送。");
        await Assertions.Expect(error).ToHaveAttributeAsync("role", "alert");
        await Assertions.Expect(Files(page)).ToContainTextAsync("这张工单还没有附件。");
        Assert.That(await handler.AttachmentsAsync(number), Is.Empty);
        Assert.That((await handler.GetHistoryAsync(number)).Select(h => h.Action), Has.No.Member("attach"));
    }

    [Test]
    public async Task A_screenshot_pasted_onto_the_page_and_a_pdf_dropped_on_the_control_are_uploaded()
    {
        var number = await FileNightNoiseAsync("附件：粘贴与拖放", "附件路3号");
        var handler = await As("um.handler");
        await handler.ActAsync(number, "sign");
        var page = await CasePage.OpenAsync(await SignInAsync("um.handler"), number);

        // A screenshot on the clipboard is a file named image.png; pasted onto the page (not into a text field).
        await page.Page.EvaluateAsync(
            """
            base64 => {
              const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
              const data = new DataTransfer();
              data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
              document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
            }
            """, Convert.ToBase64String(TestPhotos.Png()));
        await Assertions.Expect(Files(page).GetByTestId("attachment-thumbnail")).ToHaveCountAsync(1);
        await Assertions.Expect(Files(page).GetByTestId("attachment-tile")).ToContainTextAsync("截图-");

        // A PDF dragged from the desktop and dropped on the control.
        await Files(page).GetByTestId("attachment-upload").EvaluateAsync(
            """
            (zone, base64) => {
              const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
              const data = new DataTransfer();
              data.items.add(new File([bytes], '整改通知.pdf', { type: 'application/pdf' }));
              for (const type of ['dragenter', 'dragover', 'drop']) {
                zone.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
              }
            }
            """, Convert.ToBase64String(TestPhotos.Pdf()));
        await Assertions.Expect(Files(page).GetByTestId("attachment-tile")).ToHaveCountAsync(2);
        var stored = await handler.AttachmentsAsync(number);
        Assert.That(stored.Select(f => f.Kind), Is.EqualTo(new[] { "photo", "document" }));
        Assert.That(stored[0].FileName, Does.StartWith("截图-").And.EndWith(".png"));

        // The PDF is offered as a download from the bytes read through the API.
        await Files(page).GetByRole(AriaRole.Button, new() { Name = "查看 文档 整改通知.pdf", Exact = false }).ClickAsync();
        var download = await page.Page.RunAndWaitForDownloadAsync(() => page.Page.GetByTestId("attachment-download").ClickAsync());
        Assert.That(download.SuggestedFilename, Is.EqualTo("整改通知.pdf"));
        var saved = await download.PathAsync();
        Assert.That(await File.ReadAllBytesAsync(saved), Is.EqualTo(TestPhotos.Pdf()));
    }

    [Test]
    public async Task A_reply_carries_a_rectification_photo_uploaded_in_its_form()
    {
        var number = await FileNightNoiseAsync("附件：整改照片", "附件路4号");
        var handler = await As("um.handler");
        await handler.ActAsync(number, "sign");
        var earlier = await handler.AttachAsync(number, TestPhotos.Png(), "整改前.png");
        var page = await CasePage.OpenAsync(await SignInAsync("um.handler"), number);

        var form = await page.OpenFormAsync("reply");
        await form.GetByLabel("办结反馈").FillAsync("已责令工地停止夜间施工，现场已整改。");
        // A file already on the case is picked; a new one is uploaded in the form and picked by itself.
        await form.GetByRole(AriaRole.Checkbox, new() { Name = "选用 整改前.png" }).CheckAsync();
        await form.GetByTestId("attachment-file-input").SetInputFilesAsync(
            new FilePayload { Name = "整改后.jpg", MimeType = "image/jpeg", Buffer = TestPhotos.JpegWithGps(320, 240) });
        await Assertions.Expect(form.GetByRole(AriaRole.Checkbox, new() { Name = "选用 整改后.jpg" })).ToBeCheckedAsync();
        await ExpectShownAsync(form.GetByTestId("attachment-thumbnail").Last);
        await page.SubmitFormAsync();

        await page.ExpectStatusAsync("待回访");
        var files = await handler.AttachmentsAsync(number);
        Assert.That(files.Select(f => (f.FileName, f.CitedBy)),
            Is.EquivalentTo(new[] { ("整改前.png", "reply"), ("整改后.jpg", (string?)"reply") }));
        Assert.That(files.Single(f => f.Id == earlier.Id).CitedBy, Is.EqualTo("reply"));
        // The case page's gallery says what the files were for.
        await Assertions.Expect(Files(page).GetByTestId("attachment-tile")).ToHaveCountAsync(2);
    }

    [Test]
    public async Task A_reply_the_policy_asks_photos_of_is_refused_on_its_field_until_a_photo_is_named()
    {
        // 垃圾清运不及时: the demo's policy 6 asks the reply for rectification photos.
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise("附件：垃圾桶满了三天没人清") with
        {
            CategoryCode = "010104",
            Location = new LocationInput("DM", "DM-S02", "DM-S02-C01", null, "附件路5号", null, null),
        });
        // Routed like every city-management case (rule 10: UM leads).
        await Hotline.Api.WaitForStatusAsync(filed.Number, "dispatched");
        var handler = await As("um.handler");
        await handler.ActAsync(filed.Number, "sign");
        var page = await CasePage.OpenAsync(await SignInAsync("um.handler"), filed.Number);

        var form = await page.OpenFormAsync("reply");
        await Assertions.Expect(form.Locator(".el-form-item.is-required", new() { HasText = "整改照片（必传：至少一张照片）" })).ToBeVisibleAsync();
        await form.GetByLabel("办结反馈").FillAsync("已清运。");
        await form.GetByTestId("action-submit").ClickAsync();
        // The API's 422 on attachmentIds, under the photos' field, in Chinese; nothing done.
        await Assertions.Expect(page.FieldError("整改照片")).ToHaveTextAsync("按时限规则“垃圾清运不及时：1个工作日签收，5个工作日办结，办结须附整改照片”，办结反馈须附至少一张整改照片：请上传或选用现场照片");
        Assert.That((await handler.GetCaseAsync(filed.Number)).Status, Is.EqualTo("signed"));

        await form.GetByTestId("attachment-file-input").SetInputFilesAsync(
            new FilePayload { Name = "清运后.jpg", MimeType = "image/jpeg", Buffer = TestPhotos.JpegWithGps(320, 240) });
        await Assertions.Expect(form.GetByRole(AriaRole.Checkbox, new() { Name = "选用 清运后.jpg" })).ToBeCheckedAsync();
        await page.SubmitFormAsync();
        await page.ExpectStatusAsync("待回访");
        Assert.That((await handler.AttachmentsAsync(filed.Number)).Single().CitedBy, Is.EqualTo("reply"));
    }

    [Test]
    public async Task An_agent_attaches_the_callers_photo_at_the_desk_before_filing_and_the_case_carries_it()
    {
        var desk = await SignInAsync("agent1");
        await new DeskCall("13900139023", "李四", "北山路23号", "附件：来电人发来积水照片", "北山路23号门口积水，来电人微信发来照片。").TypeAsync(desk);
        await desk.GetByTestId("desk-upload").Locator("input[data-testid=attachment-file-input]").SetInputFilesAsync(
            new FilePayload { Name = "积水.jpg", MimeType = "image/jpeg", Buffer = TestPhotos.JpegWithGps() });
        // Staged (no case yet) and shown from the API as its uploader alone may read it.
        await ExpectShownAsync(desk.GetByTestId("attachment-thumbnail"));
        var number = await DeskCall.FileAsync(desk);
        await Assertions.Expect(desk.GetByText("附件 1 个已随工单登记。")).ToBeVisibleAsync();

        var agent = await As("agent1");
        var file = (await agent.AttachmentsAsync(number)).Single();
        Assert.That((file.FileName, file.Kind, file.Origin, file.CaseNumber), Is.EqualTo(("积水.jpg", "photo", "caller", number)));
        var page = await CasePage.OpenAsync(desk, number);
        await ExpectShownAsync(page.Page.GetByTestId("case-files").GetByTestId("attachment-thumbnail"));
    }

    [Test]
    public async Task The_center_releases_a_confidential_callers_photo_from_the_case_page_and_the_department_sees_it()
    {
        // Filed by an agent for a caller who asked for confidentiality; the photo the agent uploads is the caller's (origin caller).
        var agent = await As("agent1");
        var filed = await agent.FileCaseAsync(Requests.NightNoise("附件：保密来电人的照片") with
        {
            Caller = new CallerInput("王五", "13900139031", true),
            Location = new LocationInput("DM", "DM-S02", "DM-S02-C01", null, "附件路6号", null, null),
        });
        var callers = await agent.AttachAsync(filed.Number, TestPhotos.JpegWithGps(320, 240), "来电人现场.jpg");
        Assert.That(callers.Origin, Is.EqualTo("caller"));
        await Hotline.Api.WaitForStatusAsync(filed.Number, "dispatched");
        var um = await As("um.handler");
        Assert.That(await um.AttachmentsAsync(filed.Number), Is.Empty, "the center's only until released");

        var dispatcher = await As("dispatcher1");
        var page = await CasePage.OpenAsync(await SignInAsync("dispatcher1"), filed.Number);
        // A file's action: on the file, named by it, never among the case's action buttons.
        var release = Files(page).GetByRole(AriaRole.Button, new() { Name = "公开给承办单位：来电人现场.jpg" });
        await Assertions.Expect(release).ToBeVisibleAsync();
        Assert.That(await release.GetAttributeAsync("data-action"), Is.Null);
        await page.ExpectOnlyAllowedActionsAsync(dispatcher);

        await release.ClickAsync();
        var dialog = page.Page.GetByRole(AriaRole.Dialog).Filter(new() { Has = page.Page.GetByTestId("attachment-release-dialog") });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByLabel("说明（选填：为什么公开）").FillAsync("承办单位需要看现场照片核实噪声来源");
        await dialog.GetByTestId("attachment-release-confirm").ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();

        // The list read again: the tile says 已公开 and offers the release no more.
        await Assertions.Expect(Files(page).GetByTestId("attachment-released")).ToHaveTextAsync("已公开");
        await Assertions.Expect(release).ToHaveCountAsync(0);

        var seen = await um.AttachmentsAsync(filed.Number);
        Assert.That(seen.Select(f => (f.Id, f.Released)), Is.EqualTo(new[] { (callers.Id, true) }));
        var releases = (await dispatcher.GetHistoryAsync(filed.Number)).Where(h => h.Action == "release-attachment").ToList();
        Assert.That(releases.Select(h => h.Actor), Is.EqualTo(new[] { "dispatcher:dispatcher1" }));
        Assert.That(releases[0].Reason, Does.Contain("承办单位需要看现场照片核实噪声来源"));
    }

    /// <summary>An image read from a blob: URL the page made, and drawn (its pixels arrived).</summary>
    private static async Task ExpectShownAsync(ILocator image)
    {
        await Assertions.Expect(image).ToBeVisibleAsync();
        await Assertions.Expect(image).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^blob:"));
        await Poller.UntilAsync(() => image.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), drawn => drawn,
            "the image to be drawn");
    }
}
