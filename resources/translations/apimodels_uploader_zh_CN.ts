<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>Drop files, get public URLs that work for 7 days.</source>
        <translation>拖入文件，获取 7 天内有效的公开链接。</translation>
    </message>
    <message>
        <source>Free software under the %1 licence.</source>
        <translation>以 %1 许可证发布的自由软件。</translation>
    </message>
    <message>
        <source>Project: %1</source>
        <translation>项目主页：%1</translation>
    </message>
    <message>
        <source>Report a problem: %1</source>
        <translation>报告问题：%1</translation>
    </message>
    <message>
        <source>The licences of the bundled components are in %1.</source>
        <translation>随附组件的许可证位于 %1。</translation>
    </message>
</context>
<context>
    <name>Account</name>
    <message>
        <source>Saved, and used until the app closes. APIMODELS_API_KEY is set in the environment and wins at the next start: change or remove it there.</source>
        <translation>已保存，并在本次运行期间使用。环境变量 APIMODELS_API_KEY 已设置，下次启动时会优先使用它：请在那里修改或删除。</translation>
    </message>
    <message>
        <source>Saved in the system keyring.</source>
        <translation>已保存到系统密钥环。</translation>
    </message>
    <message>
        <source>This computer has no secure key storage, so the key is kept only until the app closes.</source>
        <translation>此电脑没有安全的密钥存储，密钥仅保留到应用关闭为止。</translation>
    </message>
    <message>
        <source>Paste a key first.</source>
        <translation>请先粘贴密钥。</translation>
    </message>
    <message>
        <source>Could not check the key: %1</source>
        <translation>无法验证密钥：%1</translation>
    </message>
    <message>
        <source>The key works.</source>
        <translation>密钥有效。</translation>
    </message>
    <message>
        <source>The service refused this key. Copy it again from your account page.</source>
        <translation>服务拒绝了此密钥。请从账户页面重新复制。</translation>
    </message>
    <message>
        <source>The key is saved; the first upload will say if the service refuses it.</source>
        <translation>密钥已保存；如果服务拒绝它，第一次上传时会告诉你。</translation>
    </message>
    <message>
        <source>The settings could not be saved (%1).</source>
        <translation>无法保存设置（%1）。</translation>
    </message>
    <message>
        <source>Demo mode uses a built-in key.</source>
        <translation>演示模式使用内置密钥。</translation>
    </message>
    <message>
        <source>The key comes from the APIMODELS_API_KEY environment variable.</source>
        <translation>密钥来自环境变量 APIMODELS_API_KEY。</translation>
    </message>
    <message>
        <source>A key is saved in the system keyring.</source>
        <translation>系统密钥环中已保存密钥。</translation>
    </message>
    <message>
        <source>The key is kept only until the app closes (no secure storage here).</source>
        <translation>密钥仅保留到应用关闭为止（此电脑没有安全存储）。</translation>
    </message>
    <message>
        <source>No key yet. This computer has no secure key storage: a key you enter is kept only until the app closes.</source>
        <translation>尚未设置密钥。此电脑没有安全的密钥存储：输入的密钥仅保留到应用关闭为止。</translation>
    </message>
    <message>
        <source>No key yet.</source>
        <translation>尚未设置密钥。</translation>
    </message>
    <message>
        <source>The API key is empty.</source>
        <translation>API 密钥为空。</translation>
    </message>
    <message>
        <source>The API key has characters no key has (a space, a line break or a letter outside A-Z). Copy it again from your account page.</source>
        <translation>API 密钥中含有密钥不会有的字符（空格、换行或 A-Z 以外的字母）。请从您的账户页面重新复制。</translation>
    </message>
    <message>
        <source>The API address must start with https:// (http:// only for a server on this computer).</source>
        <translation>API 地址必须以 https:// 开头（http:// 仅限本机上的服务）。</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <source>&amp;Add files…</source>
        <extracomment>Past this many rows, Select all on the whole list is answered from the model&apos;s counts.</extracomment>
        <translation>添加文件(&amp;A)…</translation>
    </message>
    <message>
        <source>Choose images, videos or audio</source>
        <translation>选择图片、视频或音频</translation>
    </message>
    <message>
        <source>Add &amp;folder…</source>
        <translation>添加文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Upload the images, videos and audio in a folder</source>
        <translation>上传某个文件夹中的图片、视频和音频</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Copy URL</source>
        <translation>复制链接(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the selected URLs</source>
        <translation>复制所选链接</translation>
    </message>
    <message>
        <source>Copy all &amp;live URLs</source>
        <translation>复制所有有效链接(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Open in browser</source>
        <translation>在浏览器中打开(&amp;O)</translation>
    </message>
    <message>
        <source>Show in fol&amp;der</source>
        <translation>在文件夹中显示(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <source>Retry &amp;failed</source>
        <translation>重试失败项(&amp;F)</translation>
    </message>
    <message>
        <source>Retry every failed upload</source>
        <translation>重试所有失败的上传</translation>
    </message>
    <message>
        <source>Re-&amp;upload</source>
        <translation>重新上传(&amp;U)</translation>
    </message>
    <message>
        <source>Upload the file again for a new 7-day URL</source>
        <translation>重新上传文件，获取新的 7 天有效链接</translation>
    </message>
    <message>
        <source>Ca&amp;ncel</source>
        <translation>取消(&amp;N)</translation>
    </message>
    <message>
        <source>Re&amp;new link</source>
        <translation>续期链接(&amp;N)</translation>
    </message>
    <message>
        <source>Upload the same file again for 7 more days; the row keeps its place</source>
        <translation>再次上传同一文件,链接再延长 7 天;该行保留在原处</translation>
    </message>
    <message>
        <source>Renew all &amp;expiring…</source>
        <translation>续期所有即将过期的链接(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Export history…</source>
        <translation>导出历史记录(&amp;E)…</translation>
    </message>
    <message>
        <source>Save every upload as CSV or JSON</source>
        <translation>将所有上传记录保存为 CSV 或 JSON</translation>
    </message>
    <message>
        <source>Export selec&amp;ted…</source>
        <translation>导出所选(&amp;T)…</translation>
    </message>
    <message>
        <source>Show &amp;QR code…</source>
        <translation>显示二维码(&amp;Q)…</translation>
    </message>
    <message>
        <source>Show the URL as a QR code to scan with a phone</source>
        <translation>将链接显示为二维码,用手机扫描</translation>
    </message>
    <message>
        <source>Cancel &amp;all</source>
        <translation>全部取消(&amp;A)</translation>
    </message>
    <message>
        <source>Stop every upload</source>
        <translation>停止所有上传</translation>
    </message>
    <message>
        <source>Remove from &amp;list</source>
        <translation>从列表中移除(&amp;L)</translation>
    </message>
    <message>
        <source>Remove from the list and the history</source>
        <translation>从列表和历史记录中移除</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Try &amp;demo mode</source>
        <translation>试用演示模式(&amp;D)</translation>
    </message>
    <message>
        <source>Open the &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Plain URL</source>
        <translation>纯链接</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>HTML</source>
        <translation>HTML</translation>
    </message>
    <message>
        <source>Ready generation call</source>
        <translation>生成调用代码</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Copy a&amp;s</source>
        <translation>复制为(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Show window</source>
        <translation>显示窗口(&amp;S)</translation>
    </message>
    <message numerus="yes">
        <source>Copied the %n live URL(s) of the rows shown.</source>
        <translation>
            <numerusform>已复制当前显示的 %n 行中仍有效的链接。</numerusform>
        </translation>
    </message>
    <message>
        <source>Clear the search and the filter to copy every live URL.</source>
        <translation>清除搜索和筛选即可复制全部有效链接。</translation>
    </message>
    <message>
        <source>&amp;Uploads</source>
        <translation>上传(&amp;U)</translation>
    </message>
    <message>
        <source>Upload files, a screenshot or a web address from the clipboard</source>
        <translation>从剪贴板上传文件、截图或网址</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>About %1</source>
        <translation>关于 %1</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>BatchNotice</name>
    <message>
        <source>%1 uploaded, %2 failed.</source>
        <translation>%1 个已上传，%2 个失败。</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) uploaded.</source>
        <translation>
            <numerusform>已上传 %n 个文件。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n URL(s) copied to the clipboard as %1, in the order they were dropped.</source>
        <translation>
            <numerusform>已按拖入顺序将 %n 个链接以 %1 格式复制到剪贴板。</numerusform>
        </translation>
    </message>
    <message>
        <source>The URLs were not copied: something else was copied while they uploaded.</source>
        <translation>未复制这些链接：上传期间剪贴板里已换成了别的内容。</translation>
    </message>
    <message numerus="yes">
        <source>Copy %n URL(s)</source>
        <translation>
            <numerusform>复制 %n 个链接</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %n URL(s).</source>
        <translation>
            <numerusform>已复制 %n 个链接。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClipboardOffer</name>
    <message>
        <source>Upload it</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>An image was copied (%1 × %2 pixels). Upload it?</source>
        <translation>已复制一张图片（%1 × %2 像素）。要上传吗？</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message numerus="yes">
        <source>Cancelled %n upload(s).</source>
        <translation>
            <numerusform>已取消 %n 个上传。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) are no longer where they were uploaded from, e.g. %1.</source>
        <translation>
            <numerusform>%n 个文件已不在上传时的位置，例如 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Something went wrong (%1). The log has the details.</source>
        <translation>出现问题（%1）。详细信息见日志。</translation>
    </message>
    <message>
        <source>Port %1 of the demo service is taken by another program, so it runs on port %2 now. Earlier demo URLs in the list point there; copies made before use the old port and will not open.</source>
        <translation>演示服务的端口 %1 已被其他程序占用，因此现在运行在端口 %2。列表中较早的演示链接 已指向新端口；之前复制出去的链接仍使用旧端口，将无法打开。</translation>
    </message>
    <message>
        <source>Demo uploads are still running: let them finish or cancel them first.</source>
        <translation>演示上传仍在进行：请等待完成或先取消。</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n URL(s), in the order they were dropped.</source>
        <translation>
            <numerusform>已按拖入顺序复制 %n 个链接。</numerusform>
        </translation>
    </message>
    <message>
        <source>The URLs will be copied together when the uploads of this drop finish.</source>
        <translation>这次拖入的文件全部上传后，会把所有链接 一起复制。</translation>
    </message>
    <message>
        <source>No program on this computer opens web links. Copy the URL and paste it into a browser.</source>
        <translation>这台电脑上没有能打开网页链接的程序。请复制链接 并粘贴到浏览器中。</translation>
    </message>
    <message>
        <source>The file is no longer on this computer.</source>
        <translation>该文件已不在此电脑上。</translation>
    </message>
    <message>
        <source>No file manager could be opened. The file is in %1.</source>
        <translation>无法打开文件管理器。文件位于 %1。</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
    <message>
        <source>The app met an error it did not expect. If this keeps happening, report it at %2 and attach the log file from %1.</source>
        <translation>应用遇到了意外错误。如果反复出现，请在 %2 报告，并附上 %1 中的日志文件。</translation>
    </message>
    <message>
        <source>The window could not start, and no log could be written to say why. Run apimodels-uploader --data-dir with a folder you can write to.</source>
        <translation>窗口无法启动，也无法写入日志说明原因。请用 apimodels-uploader --data-dir 指定一个你可以写入的文件夹再运行。</translation>
    </message>
    <message>
        <source>The window could not start. The details are in the log file in %1.</source>
        <translation>窗口无法启动。详细信息在 %1 中的日志文件里。</translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <source>Copy the existing URLs</source>
        <translation>复制已有链接</translation>
    </message>
    <message>
        <source>Upload again</source>
        <translation>重新上传</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n 个文件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n folder(s)</source>
        <translation>
            <numerusform>%n 个文件夹</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Drop to upload %n file(s)</source>
        <translation>
            <numerusform>松开即可上传 %n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <source>Folders are searched for images, video and audio.</source>
        <translation>会在文件夹中查找图片、视频和音频。</translation>
    </message>
    <message numerus="yes">
        <source>Drop to upload %n item(s)</source>
        <translation>
            <numerusform>松开即可上传 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>Drop to upload %1 and the images, video and audio in %2</source>
        <translation>松开即可上传 %1 以及 %2 中的图片、视频和音频</translation>
    </message>
    <message numerus="yes">
        <source>Drop to upload the images, video and audio in %n folder(s)</source>
        <translation>
            <numerusform>松开即可上传 %n 个文件夹中的图片、视频和音频</numerusform>
        </translation>
    </message>
    <message>
        <source>Drop to upload the picture</source>
        <translation>松开即可上传这张图片</translation>
    </message>
    <message>
        <source>It is saved as a PNG file first.</source>
        <translation>图片会先保存为 PNG 文件。</translation>
    </message>
    <message>
        <source>Nothing here can be uploaded</source>
        <translation>这里没有可以上传的内容</translation>
    </message>
    <message>
        <source>Drop files or folders from your file manager, or an image from a web page. Text cannot be uploaded.</source>
        <translation>请从文件管理器拖入文件或文件夹，或从网页拖入图片。文字无法上传。</translation>
    </message>
    <message>
        <source>The clipboard holds no files, pictures or web addresses. Copy files in your file manager, take a screenshot or copy an image&apos;s address, then paste.</source>
        <translation>剪贴板中没有文件、图片或网址。请在文件管理器中复制文件、截图，或复制图片的地址，然后粘贴。</translation>
    </message>
    <message>
        <source>Only files can be dropped here.</source>
        <translation>此处只能拖放文件。</translation>
    </message>
    <message>
        <source>Add files</source>
        <translation>添加文件</translation>
    </message>
    <message>
        <source>Images, video and audio (%1);;All files (*)</source>
        <translation>图片、视频和音频 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Add folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <source>%1 was already uploaded and its URL works for %2 more. Copy that URL instead of uploading it again?</source>
        <translation>%1 已上传过，其链接还可使用 %2。是否直接复制该链接，而不重新上传？</translation>
    </message>
    <message numerus="yes">
        <source>%n of these files were already uploaded and their URLs still work. Copy those URLs instead of uploading them again?</source>
        <translation>
            <numerusform>其中 %n 个文件已上传过，链接仍然有效。是否直接复制这些链接，而不重新上传？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) not uploaded again: their earlier URLs still work.</source>
        <translation>
            <numerusform>%n 个文件未重新上传：之前的链接仍然有效。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EmptyPage</name>
    <message>
        <source>Drop images, videos or audio here</source>
        <translation>将图片、视频或音频拖放到此处</translation>
    </message>
    <message>
        <source>Each file gets a public URL that works for 7 days, ready to paste into image-to-image, video, dubbing or lipsync calls. Folders work too, and Ctrl+V pastes a screenshot.</source>
        <translation>每个文件都会获得一个 7 天内有效的公开链接，可直接粘贴到图生图、视频生成、配音或对口型调用中。也支持拖入文件夹，按 Ctrl+V 可粘贴截图。</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
</context>
<context>
    <name>ExpiryNoticeRow</name>
    <message>
        <source>Say when links will &amp;expire, ahead by</source>
        <translation>链接即将过期时提醒(&amp;E),提前</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>Hours ahead of expiry</source>
        <translation>提前于过期的小时数</translation>
    </message>
</context>
<context>
    <name>ExportUi</name>
    <message>
        <source>Export the selected rows</source>
        <translation>导出所选行</translation>
    </message>
    <message>
        <source>Export the history</source>
        <translation>导出历史记录</translation>
    </message>
    <message>
        <source>CSV for spreadsheets (*.csv);;JSON (*.json)</source>
        <translation>适用于电子表格的 CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Select finished uploads to export them.</source>
        <translation>请选择已完成的上传以导出。</translation>
    </message>
    <message>
        <source>There is no history to export this time.</source>
        <translation>这次没有可导出的历史记录。</translation>
    </message>
    <message>
        <source>The history could not be exported to %1 (%2).</source>
        <translation>无法将历史记录导出到 %1(%2)。</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n upload(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 条上传记录导出到 %1。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Fetches</name>
    <message numerus="yes">
        <source>Downloading %n file(s)…</source>
        <translation>
            <numerusform>正在下载 %n 个文件…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FilesIn</name>
    <message numerus="yes">
        <source>Checking %n item(s)…</source>
        <translation>
            <numerusform>正在检查 %n 项…</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to upload there: no images, videos or audio.</source>
        <translation>没有可上传的内容：未找到图片、视频或音频。</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) could not be added, for example: %1</source>
        <translation>
            <numerusform>%n 个文件无法添加，例如：%1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) wait for the API key.</source>
        <translation>
            <numerusform>%n 个文件等待 API 密钥。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Queued %n file(s).</source>
        <translation>
            <numerusform>已加入队列：%n 个文件。</numerusform>
        </translation>
    </message>
    <message>
        <source>The pasted picture could not be saved in %1. Check that the disk has room.</source>
        <translation>无法将粘贴的图片保存到 %1。请检查磁盘空间是否充足。</translation>
    </message>
</context>
<context>
    <name>Fonts</name>
    <message>
        <source>on Debian and Ubuntu: sudo apt install fonts-noto-cjk; on Fedora: sudo dnf install google-noto-sans-cjk-fonts</source>
        <translation>Debian 和 Ubuntu：sudo apt install fonts-noto-cjk；Fedora：sudo dnf install google-noto-sans-cjk-fonts</translation>
    </message>
    <message>
        <source>the system&apos;s Chinese language support</source>
        <translation>系统的中文语言支持</translation>
    </message>
    <message>
        <source>Chinese needs a font with Chinese characters, and none is installed, so the window stays in English. Install one (%1), then restart the app.</source>
        <translation>显示中文需要含中文字符的字体，但系统中没有安装，因此窗口保持英文。请安装一个（%1），然后重新启动本应用。</translation>
    </message>
</context>
<context>
    <name>IntakeSettings</name>
    <message>
        <source>&amp;Watch a folder: upload new images, video and audio in it</source>
        <translation>监视文件夹(&amp;W)：上传其中新出现的图片、视频和音频</translation>
    </message>
    <message>
        <source>Folder &amp;path:</source>
        <translation>文件夹路径(&amp;P)：</translation>
    </message>
    <message>
        <source>Choose a folder, e.g. where a generator saves</source>
        <translation>选择一个文件夹，例如生成工具保存文件的位置</translation>
    </message>
    <message>
        <source>Watched folder</source>
        <translation>监视的文件夹</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>选择(&amp;H)…</translation>
    </message>
    <message>
        <source>Copied &amp;images:</source>
        <translation>复制的图片(&amp;I)：</translation>
    </message>
    <message>
        <source>Leave them alone</source>
        <translation>不处理</translation>
    </message>
    <message>
        <source>Offer to upload them</source>
        <translation>提示上传</translation>
    </message>
    <message>
        <source>Upload them at once</source>
        <translation>立即上传</translation>
    </message>
    <message>
        <source>Choose the folder to watch, or turn watching off.</source>
        <translation>请选择要监视的文件夹，或关闭监视。</translation>
    </message>
    <message>
        <source>%1 is not a folder on this computer. Choose another.</source>
        <translation>%1 不是这台电脑上的文件夹。请另选一个。</translation>
    </message>
    <message>
        <source>Folder to watch</source>
        <translation>要监视的文件夹</translation>
    </message>
</context>
<context>
    <name>KeyPanel</name>
    <message>
        <source>Paste your key into the field first.</source>
        <translation>请先在输入框中粘贴密钥。</translation>
    </message>
    <message>
        <source>Connect your APIModels account</source>
        <translation>连接 APIModels 账户</translation>
    </message>
    <message>
        <source>It is kept in your system&apos;s keyring, never in a file.</source>
        <translation>密钥保存在系统密钥环中，绝不会写入文件。</translation>
    </message>
    <message>
        <source>This computer has no secure key storage, so the key is kept only until the app closes, never in a file.</source>
        <translation>此电脑没有安全的密钥存储，因此密钥只保留到应用关闭，绝不会写入文件。</translation>
    </message>
    <message>
        <source>Uploads need your API key. Sign in at &lt;a href=&quot;%1&quot;&gt;apimodels.app&lt;/a&gt;, open the API keys page of your dashboard, copy a key and paste it below.</source>
        <translation>上传需要您的 API 密钥。请登录 &lt;a href=&quot;%1&quot;&gt;apimodels.app&lt;/a&gt;，打开控制台中的 API 密钥页面，复制一个密钥并粘贴到下方。</translation>
    </message>
    <message>
        <source>Paste your API key</source>
        <translation>粘贴 API 密钥</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Save key</source>
        <translation>保存密钥</translation>
    </message>
    <message>
        <source>Use this key</source>
        <translation>使用此密钥</translation>
    </message>
    <message>
        <source>Try demo mode instead</source>
        <translation>改为试用演示模式</translation>
    </message>
    <message>
        <source>Runs a local copy of the service: nothing leaves this computer.</source>
        <translation>在本机运行服务的本地副本：任何数据都不会离开此电脑。</translation>
    </message>
</context>
<context>
    <name>Looks</name>
    <message>
        <source>a PDF document</source>
        <translation>PDF 文档</translation>
    </message>
    <message>
        <source>a gzip archive</source>
        <translation>gzip 压缩包</translation>
    </message>
    <message>
        <source>a 7-Zip archive</source>
        <translation>7-Zip 压缩包</translation>
    </message>
    <message>
        <source>a RAR archive</source>
        <translation>RAR 压缩包</translation>
    </message>
    <message>
        <source>a bzip2 archive</source>
        <translation>bzip2 压缩包</translation>
    </message>
    <message>
        <source>an XZ archive</source>
        <translation>XZ 压缩包</translation>
    </message>
    <message>
        <source>a Zstandard archive</source>
        <translation>Zstandard 压缩包</translation>
    </message>
    <message>
        <source>a tar archive</source>
        <translation>tar 归档</translation>
    </message>
    <message>
        <source>a Windows program</source>
        <translation>Windows 程序</translation>
    </message>
    <message>
        <source>a Linux program</source>
        <translation>Linux 程序</translation>
    </message>
    <message>
        <source>a macOS program</source>
        <translation>macOS 程序</translation>
    </message>
    <message>
        <source>an older Microsoft Office document</source>
        <translation>旧版 Microsoft Office 文档</translation>
    </message>
    <message>
        <source>an SQLite database</source>
        <translation>SQLite 数据库</translation>
    </message>
    <message>
        <source>an RTF document</source>
        <translation>RTF 文档</translation>
    </message>
    <message>
        <source>a web font</source>
        <translation>网页字体</translation>
    </message>
    <message>
        <source>a font</source>
        <translation>字体</translation>
    </message>
    <message>
        <source>an Ogg file with no audio or video stream this app knows</source>
        <translation>不含本应用可识别音视频流的 Ogg 文件</translation>
    </message>
    <message>
        <source>an EBML file that is not Matroska or WebM</source>
        <translation>非 Matroska 或 WebM 的 EBML 文件</translation>
    </message>
    <message>
        <source>a Photoshop document</source>
        <translation>Photoshop 文档</translation>
    </message>
    <message>
        <source>a GIMP document</source>
        <translation>GIMP 文档</translation>
    </message>
    <message>
        <source>a JPEG XR file</source>
        <translation>JPEG XR 文件</translation>
    </message>
    <message>
        <source>an MP3 tag with no audio after it</source>
        <translation>后面没有音频的 MP3 标签</translation>
    </message>
    <message>
        <source>an EPUB e-book</source>
        <translation>EPUB 电子书</translation>
    </message>
    <message>
        <source>a Word document</source>
        <translation>Word 文档</translation>
    </message>
    <message>
        <source>an Excel spreadsheet</source>
        <translation>Excel 表格</translation>
    </message>
    <message>
        <source>a PowerPoint presentation</source>
        <translation>PowerPoint 演示文稿</translation>
    </message>
    <message>
        <source>an OpenDocument file</source>
        <translation>OpenDocument 文件</translation>
    </message>
    <message>
        <source>a ZIP archive</source>
        <translation>ZIP 压缩包</translation>
    </message>
    <message>
        <source>an HTML page</source>
        <translation>HTML 网页</translation>
    </message>
    <message>
        <source>an XML document</source>
        <translation>XML 文档</translation>
    </message>
    <message>
        <source>JSON data</source>
        <translation>JSON 数据</translation>
    </message>
    <message>
        <source>a script</source>
        <translation>脚本</translation>
    </message>
    <message>
        <source>plain text</source>
        <translation>纯文本</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>空文件</translation>
    </message>
    <message>
        <source>an image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>a video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <source>a Canon raw photo</source>
        <translation>佳能 RAW 照片</translation>
    </message>
    <message>
        <source>blank text</source>
        <translation>空白文本</translation>
    </message>
    <message>
        <source>only zero bytes</source>
        <translation>全是零字节</translation>
    </message>
    <message>
        <source>unrecognised binary data</source>
        <translation>无法识别的二进制数据</translation>
    </message>
    <message>
        <source>hidden file</source>
        <translation>隐藏文件</translation>
    </message>
    <message>
        <source>shortcut in a loop</source>
        <translation>循环快捷方式</translation>
    </message>
    <message>
        <source>shortcut to a missing file</source>
        <translation>指向不存在文件的快捷方式</translation>
    </message>
    <message>
        <source>named pipe</source>
        <translation>命名管道</translation>
    </message>
    <message>
        <source>socket</source>
        <translation>套接字</translation>
    </message>
    <message>
        <source>device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>special file</source>
        <translation>特殊文件</translation>
    </message>
    <message>
        <source>content of another kind</source>
        <translation>其他类型的内容</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>All</source>
        <extracomment>Half of a 1366-pixel laptop screen, with room to spare.</extracomment>
        <translation>全部</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Active: everything whose URL has not expired. Expired: past its 7 days.</source>
        <translation>有效：链接尚未过期的所有项。已过期：已超过 7 天。</translation>
    </message>
    <message>
        <source>Search names and URLs (Ctrl+F)</source>
        <translation>搜索名称和链接 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>&lt;b&gt;Demo mode:&lt;/b&gt; files stay on this computer. The URLs work only here.</source>
        <translation>&lt;b&gt;演示模式：&lt;/b&gt;文件保留在此电脑上，链接仅在本机有效。</translation>
    </message>
    <message>
        <source>Use my API &amp;key</source>
        <translation>使用我的 API 密钥(&amp;K)</translation>
    </message>
    <message>
        <source>Key saved. The uploads go on.</source>
        <translation>密钥已保存，上传继续进行。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>显示 %1 项，共 %2 项</translation>
    </message>
    <message>
        <source>%1 of %2 done</source>
        <translation>已完成 %1/%2</translation>
    </message>
    <message>
        <source>%1 (demo)</source>
        <translation>%1（演示）</translation>
    </message>
    <message>
        <source>&amp;Quit and cancel them</source>
        <translation>退出并取消(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Keep uploading</source>
        <translation>继续上传(&amp;K)</translation>
    </message>
    <message>
        <source>Uploads are running</source>
        <translation>正在上传</translation>
    </message>
    <message numerus="yes">
        <source>%n upload(s) have not finished. Quit and cancel them?</source>
        <translation>
            <numerusform>还有 %n 个上传尚未完成。要退出并取消上传吗？</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MediaPrep</name>
    <message numerus="yes">
        <source>%n file(s) are over the size limit: press Make it fit.</source>
        <extracomment>The caps a drop is checked against when files over them may still be made to fit.</extracomment>
        <translation>
            <numerusform>%n 个文件超过大小上限：请点“压缩到上限内”。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MediaText</name>
    <message>
        <source>Fitting</source>
        <translation>正在压缩</translation>
    </message>
    <message>
        <source>%1× real time</source>
        <translation>%1 倍实时速度</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>made to fit</source>
        <translation>已压缩</translation>
    </message>
    <message>
        <source>location removed</source>
        <translation>已移除位置</translation>
    </message>
    <message>
        <source>Made to fit: %1 sent, the original is %2.</source>
        <translation>已压缩：发送 %1，原文件 %2。</translation>
    </message>
    <message>
        <source>Removed before upload: %1.</source>
        <translation>上传前已移除：%1。</translation>
    </message>
</context>
<context>
    <name>NoticeArea</name>
    <message numerus="yes">
        <source>%n older notice(s)</source>
        <translation>
            <numerusform>另有 %n 条较早的通知</numerusform>
        </translation>
    </message>
    <message>
        <source>Dismiss all</source>
        <translation>全部关闭</translation>
    </message>
    <message>
        <source>Dismiss all notices</source>
        <translation>关闭所有通知</translation>
    </message>
</context>
<context>
    <name>OsError</name>
    <message>
        <source>the disk could not read it</source>
        <translation>磁盘无法读取它</translation>
    </message>
    <message>
        <source>it is in use</source>
        <translation>它正被占用</translation>
    </message>
    <message>
        <source>its name is too long</source>
        <translation>它的名称太长</translation>
    </message>
    <message>
        <source>the drive did not answer in time</source>
        <translation>驱动器没有及时响应</translation>
    </message>
    <message>
        <source>the device is not there</source>
        <translation>设备不存在</translation>
    </message>
    <message>
        <source>the network drive lost it</source>
        <translation>网络驱动器找不到它了</translation>
    </message>
    <message>
        <source>it is locked just now</source>
        <translation>它暂时被锁定</translation>
    </message>
    <message>
        <source>too many files are open</source>
        <translation>打开的文件太多</translation>
    </message>
    <message>
        <source>its shortcuts go round in a loop</source>
        <translation>它的快捷方式循环指向自身</translation>
    </message>
    <message>
        <source>a folder on its path is a file</source>
        <translation>它路径中的某个文件夹其实是文件</translation>
    </message>
</context>
<context>
    <name>Outage</name>
    <message>
        <source>The files wait here; the app asks again by itself and goes on.</source>
        <translation>文件在此等待；应用会自行再次询问并继续上传。</translation>
    </message>
</context>
<context>
    <name>QrDialog</name>
    <message>
        <source>QR code: %1</source>
        <extracomment>The code&apos;s side in logical pixels, at least: about 9.5 cm at 96 dpi.</extracomment>
        <translation>二维码:%1</translation>
    </message>
    <message>
        <source>QR code of the URL</source>
        <translation>链接的二维码</translation>
    </message>
    <message>
        <source>This URL is too long for a QR code.</source>
        <translation>此链接太长,无法生成二维码。</translation>
    </message>
    <message>
        <source>Works until %1 (%2 left)</source>
        <translation>有效期至 %1(还剩 %2)</translation>
    </message>
</context>
<context>
    <name>Reason</name>
    <message>
        <source>{path} is not a file name.</source>
        <translation>{path} 不是有效的文件名。</translation>
    </message>
    <message>
        <source>{name} could not be checked ({detail}).</source>
        <translation>无法检查 {name}（{detail}）。</translation>
    </message>
    <message>
        <source>{name} cannot be read (permission denied). Check that you can open it.</source>
        <translation>无法读取 {name}（没有权限）。请确认您可以打开它。</translation>
    </message>
    <message>
        <source>{name} cannot be read ({detail}). Check that you can open it.</source>
        <translation>无法读取 {name}（{detail}）。请确认您可以打开它。</translation>
    </message>
    <message>
        <source>{name} could not be found. It may have been moved or deleted.</source>
        <translation>找不到 {name}，它可能已被移动或删除。</translation>
    </message>
    <message>
        <source>{name} is a shortcut that points to itself in a loop.</source>
        <translation>{name} 是一个循环指向自身的快捷方式。</translation>
    </message>
    <message>
        <source>{name} is a shortcut to a file that no longer exists.</source>
        <translation>{name} 是一个快捷方式，它指向的文件已不存在。</translation>
    </message>
    <message>
        <source>{name} is a folder, not a file.</source>
        <translation>{name} 是文件夹，不是文件。</translation>
    </message>
    <message>
        <source>{name} is not a regular file (it is {special}).</source>
        <translation>{name} 不是普通文件（它是{special}）。</translation>
    </message>
    <message>
        <source>{name} is empty (0 bytes).</source>
        <translation>{name} 是空文件（0 字节）。</translation>
    </message>
    <message>
        <source>{name} could not be checked for location details ({detail}), so it was not sent. Turn off &quot;Remove location and camera details&quot; to send it as it is.</source>
        <translation>无法检查 {name} 中的位置信息（{detail}），因此未发送。关闭“上传前移除位置和相机信息”可按原样发送。</translation>
    </message>
    <message>
        <source>{name} could not be cleaned of location details ({detail}). Check the free space in the app&apos;s cache folder.</source>
        <translation>无法移除 {name} 中的位置信息（{detail}）。请检查应用缓存文件夹的剩余空间。</translation>
    </message>
    <message>
        <source>{name} is {size_bytes}, over the {cap_bytes} limit. Make it fit (about {target_bytes}, {dims}, {codec}).</source>
        <translation>{name} 大小为 {size_bytes}，超过 {cap_bytes} 的上限。可压缩到上限内（约 {target_bytes}，{dims}，{codec}）。</translation>
    </message>
    <message>
        <source>{name} is too long to fit in {cap_bytes} at a watchable quality ({minutes} minutes). Cut it shorter and try again.</source>
        <translation>{name} 太长（{minutes} 分钟），无法以可观看的画质压缩到 {cap_bytes} 以内。请剪短后再试。</translation>
    </message>
    <message>
        <source>{name} could not be brought under {cap_bytes}, even at its lowest quality.</source>
        <translation>即使用最低画质，{name} 也无法压缩到 {cap_bytes} 以内。</translation>
    </message>
    <message>
        <source>{name} has no picture that can be read. It may be damaged or cut short.</source>
        <translation>{name} 中没有可读取的画面。文件可能已损坏或不完整。</translation>
    </message>
    <message>
        <source>{name} has no sound or picture that can be read. It may be damaged or cut short.</source>
        <translation>{name} 中没有可读取的声音或画面。文件可能已损坏或不完整。</translation>
    </message>
    <message>
        <source>{name} could not be read to the end ({detail}). It may be damaged or cut short.</source>
        <translation>{name} 无法完整读取（{detail}）。文件可能已损坏或不完整。</translation>
    </message>
    <message>
        <source>There is not enough free space to make {name} fit. Free some space and try again.</source>
        <translation>磁盘空间不足，无法压缩 {name}。请释放一些空间后再试。</translation>
    </message>
    <message>
        <source>{name} changed while it was being made to fit. Add it again once it is saved.</source>
        <translation>{name} 在压缩过程中被修改了。请在保存完成后重新添加。</translation>
    </message>
    <message>
        <source>{name} could not be made to fit ({detail}).</source>
        <translation>无法压缩 {name}（{detail}）。</translation>
    </message>
    <message>
        <source>Making {name} fit was cancelled.</source>
        <translation>已取消压缩 {name}。</translation>
    </message>
    <message>
        <source>{name} is not an image, video or audio file (it looks like {looks}).</source>
        <translation>{name} 不是图片、视频或音频文件（看起来是{looks}）。</translation>
    </message>
    <message>
        <source>{name} is {size_bytes}; {kind} can be at most {cap_bytes}.</source>
        <translation>{name} 大小为 {size_bytes}；{kind}最大只能为 {cap_bytes}。</translation>
    </message>
    <message>
        <source>{name} is {size} bytes; {kind} can be at most {cap_bytes} ({cap} bytes).</source>
        <translation>{name} 大小为 {size} 字节；{kind}最大只能为 {cap_bytes}（{cap} 字节）。</translation>
    </message>
    <message>
        <source>{name} has more than {limit} files; only the first {limit} were looked at.</source>
        <translation>{name} 中的文件超过 {limit} 个；只检查了前 {limit} 个。</translation>
    </message>
    <message>
        <source>{name} has more than {limit} folders; only the first {limit} were looked at.</source>
        <translation>{name} 中的文件夹超过 {limit} 个；只检查了前 {limit} 个。</translation>
    </message>
    <message>
        <source>{name} has no images, video or audio in it (it is empty).</source>
        <translation>{name} 中没有图片、视频或音频（文件夹是空的）。</translation>
    </message>
    <message>
        <source>{inner}</source>
        <translation>{inner}</translation>
    </message>
    <message>
        <source>{name} failed unexpectedly ({detail}).</source>
        <translation>{name} 意外失败（{detail}）。</translation>
    </message>
    <message>
        <source>{name} was moved or deleted after it was added. Add it again if you still want it uploaded.</source>
        <translation>{name} 在添加后被移动或删除了。如果仍要上传，请重新添加。</translation>
    </message>
    <message>
        <source>{name} changed after it was added (it was {was_bytes}, now {now_bytes}). Add it again to upload the new version.</source>
        <translation>{name} 在添加后发生了变化（原为 {was_bytes}，现为 {now_bytes}）。请重新添加以上传新版本。</translation>
    </message>
    <message>
        <source>{name} changed after it was added. Add it again to upload it as it is now.</source>
        <translation>{name} 在添加后发生了变化。请重新添加，以上传它现在的内容。</translation>
    </message>
    <message>
        <source>{name} could not be opened for upload.</source>
        <translation>无法打开 {name} 进行上传。</translation>
    </message>
    <message>
        <source>{name} changed while it was uploading.</source>
        <translation>{name} 在上传过程中发生了变化。</translation>
    </message>
    <message>
        <source>{name} could not be read while uploading.</source>
        <translation>上传时无法读取 {name}。</translation>
    </message>
    <message>
        <source>{name}: the file changed while it was being sent. It is sent again from a fresh read.</source>
        <translation>{name}：文件在发送过程中被修改，将重新读取后再次发送。</translation>
    </message>
    <message>
        <source>{name} kept changing while it was being sent ({tries} times), so no version of it was published. Upload it again once it is saved.</source>
        <translation>{name} 在发送过程中不断变化（{tries} 次），因此未发布任何版本。请在文件保存完成后重新上传。</translation>
    </message>
    <message>
        <source>{name} was not uploaded from a file on this computer, so its link cannot be renewed. Pick the file to renew it.</source>
        <translation>{name} 不是从这台电脑上的文件上传的,因此无法续期其链接。请选择该文件以续期。</translation>
    </message>
    <message>
        <source>{name} is no longer at {path}, so its link was not renewed. Pick the file again if it was moved.</source>
        <translation>{name} 已不在 {path},因此未续期其链接。如果文件已被移动,请重新选择它。</translation>
    </message>
    <message>
        <source>{name} at {path} has changed since it was uploaded (not the same content), so its link was not renewed. Pick the original file, or upload this one as a new file.</source>
        <translation>{path} 处的 {name} 自上传后已更改(内容不同),因此未续期其链接。请选择原始文件,或将此文件作为新文件上传。</translation>
    </message>
    <message>
        <source>Give the template a name; it is shown in Copy as.</source>
        <translation>请为模板命名;名称会显示在“复制为”中。</translation>
    </message>
    <message>
        <source>A template name can be at most {limit} characters.</source>
        <translation>模板名称最多 {limit} 个字符。</translation>
    </message>
    <message>
        <source>There is already a template named {name}; choose another name.</source>
        <translation>已有名为 {name} 的模板;请换一个名称。</translation>
    </message>
    <message>
        <source>The template {name} is empty; write what Copy should put on the clipboard.</source>
        <translation>模板 {name} 是空的;请写下复制时要放到剪贴板上的内容。</translation>
    </message>
    <message>
        <source>The template {name} is longer than {limit} characters.</source>
        <translation>模板 {name} 超过了 {limit} 个字符。</translation>
    </message>
    <message>
        <source>The template {name} has a brace that is not part of a placeholder. Write a brace twice to keep it as text.</source>
        <translation>模板 {name} 中有不属于占位符的花括号。要写花括号本身,请连写两个花括号。</translation>
    </message>
    <message>
        <source>The template {name} uses the placeholder {placeholder}, which does not exist. The placeholders are: {known}.</source>
        <translation>模板 {name} 使用了不存在的占位符 {placeholder}。可用的占位符有:{known}。</translation>
    </message>
    <message>
        <source>The upload worked, but it could not be saved to the history ({detail}).</source>
        <translation>上传成功，但无法保存到历史记录（{detail}）。</translation>
    </message>
    <message>
        <source>The upload history was damaged, so a new one was started. The old file was kept as {path}.</source>
        <translation>上传历史已损坏，因此新建了一份。旧文件保留为 {path}。</translation>
    </message>
    <message>
        <source>The data folder {path} can be opened by other users of this computer; its mode was left as it is. The app&apos;s own files in it are private to you.</source>
        <translation>这台电脑上的其他用户可以打开数据文件夹 {path}；它的权限保持不变。本应用在其中的文件只有你能读取。</translation>
    </message>
    <message>
        <source>The upload history cannot be used this time, so uploads will not be remembered. The log has the details.</source>
        <translation>这次无法使用上传历史，因此不会记住上传记录。详细信息见日志。</translation>
    </message>
    <message>
        <source>The upload history is damaged and could not be moved aside, so uploads will not be remembered. The log has the details.</source>
        <translation>上传历史已损坏且无法移走，因此不会记住上传记录。详细信息见日志。</translation>
    </message>
    <message>
        <source>The API key was refused (“{msg}”). Check the key and try again.</source>
        <translation>API 密钥被拒绝（“{msg}”）。请检查密钥后重试。</translation>
    </message>
    <message>
        <source>The file is too large to send directly to the API. Turn off direct sending in Settings and try again.</source>
        <translation>文件太大，无法直接发送到 API。请在设置中关闭直接发送后重试。</translation>
    </message>
    <message>
        <source>The service is busy (too many requests). Will try again shortly.</source>
        <translation>服务繁忙（请求过多），稍后将自动重试。</translation>
    </message>
    <message>
        <source>The service is busy (too many requests).</source>
        <translation>服务繁忙（请求过多）。</translation>
    </message>
    <message>
        <source>The service is not answering: {count} requests in a row failed the same way. {inner} The uploads stopped; try again after {until}.</source>
        <translation>服务没有响应：连续 {count} 个请求以相同方式失败。{inner} 上传已停止；请在 {until} 之后重试。</translation>
    </message>
    <message>
        <source>The service is busy and asks to wait {minutes} min, longer than this app waits between tries, so the uploads stopped. Try again after {until}.</source>
        <translation>服务繁忙，要求等待 {minutes} 分钟，超过本应用两次尝试之间的等待时间，因此上传已停止。请在 {until} 之后重试。</translation>
    </message>
    <message>
        <source>The service had a problem (HTTP {status}). It said: “{msg}”</source>
        <translation>服务出现问题（HTTP {status}）。服务返回：“{msg}”</translation>
    </message>
    <message>
        <source>The service refused the request (HTTP {status}). It said: “{msg}”</source>
        <translation>服务拒绝了请求（HTTP {status}）。服务返回：“{msg}”</translation>
    </message>
    <message>
        <source>The service said: “{msg}”</source>
        <translation>服务返回：“{msg}”</translation>
    </message>
    <message>
        <source>The service had a problem (HTTP {status}); its answer was not the API&apos;s.</source>
        <translation>服务出现问题（HTTP {status}）；它的应答不是 API 的格式。</translation>
    </message>
    <message>
        <source>The service sent an empty reply (HTTP {status}). Check the API address in Settings.</source>
        <translation>服务返回了空应答（HTTP {status}）。请检查设置中的 API 地址。</translation>
    </message>
    <message>
        <source>The service sent a reply that is not the API&apos;s (HTTP {status}). Check the API address in Settings.</source>
        <translation>服务返回的应答不是 API 的格式（HTTP {status}）。请检查设置中的 API 地址。</translation>
    </message>
    <message>
        <source>The service answered HTTP {status} with an empty reply. Check the API address in Settings.</source>
        <translation>服务以 HTTP {status} 返回了空应答。请检查设置中的 API 地址。</translation>
    </message>
    <message>
        <source>The service answered HTTP {status} with a reply that is not the API&apos;s. Check the API address in Settings.</source>
        <translation>服务以 HTTP {status} 返回的应答不是 API 的格式。请检查设置中的 API 地址。</translation>
    </message>
    <message>
        <source>The storage refused the upload (HTTP {status}). It said: “{detail}”</source>
        <translation>存储服务拒绝了上传（HTTP {status}）。服务返回：“{detail}”</translation>
    </message>
    <message>
        <source>The storage answered before the whole file was sent, so the upload cannot be trusted.</source>
        <translation>存储服务在整个文件发送完之前就已应答，因此这次上传不可信。</translation>
    </message>
    <message>
        <source>The storage&apos;s checksum does not match the file that was sent, so the upload cannot be trusted.</source>
        <translation>存储服务的校验值与发送的文件不一致，因此这次上传不可信。</translation>
    </message>
    <message>
        <source>The service did not answer within {seconds} s.</source>
        <translation>服务在 {seconds} 秒内没有应答。</translation>
    </message>
    <message>
        <source>The upload stopped moving for {seconds} s.</source>
        <translation>上传已停滞 {seconds} 秒。</translation>
    </message>
    <message>
        <source>The storage stopped responding for {seconds} s (no bytes taken, no answer).</source>
        <translation>存储服务已 {seconds} 秒没有响应（既未接收数据，也没有应答）。</translation>
    </message>
    <message>
        <source>The service&apos;s answer was too large (over {cap_bytes}) and was not read.</source>
        <translation>服务的应答过大（超过 {cap_bytes}），未予读取。</translation>
    </message>
    <message>
        <source>The certificate of {host} could not be verified, so nothing was sent. If your network inspects secure connections (a company proxy), its certificate must be installed in this computer&apos;s trust store.</source>
        <translation>无法验证 {host} 的证书，因此没有发送任何内容。如果您的网络会检查安全连接（例如公司代理），需要把它的证书安装到这台电脑的受信任证书库中。</translation>
    </message>
    <message>
        <source>Did not follow 1 link to another folder; drop that folder itself.</source>
        <translation>没有跟随 1 个指向其他文件夹的链接；请直接拖入那个文件夹。</translation>
    </message>
    <message>
        <source>The certificate of {host} has expired, so nothing was sent. Check that this computer&apos;s date and time are right; if they are, the service has to renew its certificate.</source>
        <translation>{host} 的证书已过期，因此没有发送任何内容。请检查本机的日期和时间是否正确；如果正确，则需要服务方更新其证书。</translation>
    </message>
    <message>
        <source>The certificate presented for {host} was made for another name, so nothing was sent. Check the address; on a hotel or public network, sign in to it in a browser first.</source>
        <translation>{host} 出示的证书属于另一个名称，因此没有发送任何内容。请检查地址；在酒店或公共网络上，请先在浏览器中登录该网络。</translation>
    </message>
    <message>
        <source>The connection timed out.</source>
        <translation>连接超时。</translation>
    </message>
    <message>
        <source>Could not connect to the service. Check your internet connection and the API address in Settings.</source>
        <translation>无法连接到服务。请检查网络连接以及设置中的 API 地址。</translation>
    </message>
    <message>
        <source>The connection was interrupted.</source>
        <translation>连接已中断。</translation>
    </message>
    <message>
        <source>The service sent a reply that could not be decoded.</source>
        <translation>服务返回的内容无法解码。</translation>
    </message>
    <message>
        <source>The service&apos;s {what} is not a web address (it starts with {scheme}:); nothing was sent there.</source>
        <translation>服务返回的 {what} 不是网址（以 {scheme}: 开头）；没有向其发送任何内容。</translation>
    </message>
    <message>
        <source>The service, reached over https, gave a {what} over plain http (http://{host}); nothing was sent there.</source>
        <translation>通过 https 访问的服务给出了明文 http 的 {what}（http://{host}）；没有向其发送任何内容。</translation>
    </message>
    <message>
        <source>The request could not be made ({detail}).</source>
        <translation>无法发出请求（{detail}）。</translation>
    </message>
    <message>
        <source>{url} is not a web address (http or https); only those can be downloaded. Save the file and add it instead.</source>
        <translation>{url} 不是网址（http 或 https），只能下载这类地址。请先保存该文件，再添加它。</translation>
    </message>
    <message>
        <source>{url} is not a valid web address.</source>
        <translation>{url} 不是有效的网址。</translation>
    </message>
    <message>
        <source>Could not connect to {host}. Check the address and your internet connection.</source>
        <translation>无法连接到 {host}。请检查地址和网络连接。</translation>
    </message>
    <message>
        <source>{host} sent nothing for {seconds} s, so the download was stopped.</source>
        <translation>{host} 已有 {seconds} 秒没有发送任何数据，下载已停止。</translation>
    </message>
    <message>
        <source>The download from {host} did not finish within {seconds} s, so it was stopped.</source>
        <translation>从 {host} 的下载未能在 {seconds} 秒内完成，已停止。</translation>
    </message>
    <message>
        <source>{host} answered HTTP {status}; nothing was downloaded.</source>
        <translation>{host} 返回 HTTP {status}，未下载任何内容。</translation>
    </message>
    <message>
        <source>{url} redirected more than {limit} times, so it was not followed further.</source>
        <translation>{url} 重定向超过 {limit} 次，已不再继续跟随。</translation>
    </message>
    <message>
        <source>{url} redirects in a loop, so nothing could be downloaded.</source>
        <translation>{url} 的重定向形成循环，无法下载任何内容。</translation>
    </message>
    <message>
        <source>{url} redirected to {target}, which is not a web address.</source>
        <translation>{url} 重定向到了 {target}，这不是网址。</translation>
    </message>
    <message>
        <source>{url} is {looks}, not an image, video or audio file. Copy the address of the image or video itself.</source>
        <translation>{url} 是{looks}，不是图片、视频或音频文件。请复制图片或视频本身的地址。</translation>
    </message>
    <message>
        <source>{name} from {host} is larger than {cap_bytes}, the most {kind} can be, so the download was stopped.</source>
        <translation>来自 {host} 的 {name} 超过了 {cap_bytes}（{kind}的上限），下载已停止。</translation>
    </message>
    <message>
        <source>{host} sent an empty file.</source>
        <translation>{host} 发送了一个空文件。</translation>
    </message>
    <message>
        <source>The download could not be saved ({detail}). Check that the disk has room.</source>
        <translation>下载的文件无法保存（{detail}）。请检查磁盘是否还有空间。</translation>
    </message>
    <message>
        <source>The download from {host} failed ({detail}).</source>
        <translation>从 {host} 下载失败（{detail}）。</translation>
    </message>
    <message>
        <source>The watched folder {path} is not there (deleted, renamed or on a drive that was unplugged). Watching goes on when it is back.</source>
        <translation>监视的文件夹 {path} 不存在（已删除、已改名，或所在的磁盘已拔出）。它恢复后会继续监视。</translation>
    </message>
    <message>
        <source>The watched folder {path} is back; watching it again.</source>
        <translation>监视的文件夹 {path} 已恢复，继续监视。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>images</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>videos</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>audio files</source>
        <translation>音频文件</translation>
    </message>
    <message>
        <source>files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>a named pipe</source>
        <translation>命名管道</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>套接字</translation>
    </message>
    <message>
        <source>a device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>a special file</source>
        <translation>特殊文件</translation>
    </message>
</context>
<context>
    <name>RenewAllDialog</name>
    <message>
        <source>Renew expiring links</source>
        <translation>续期即将过期的链接</translation>
    </message>
    <message>
        <source>Upload the files again for new links that work 7 more days. Links that:</source>
        <translation>重新上传文件,获得可再用 7 天的新链接。续期以下链接:</translation>
    </message>
    <message>
        <source>expire today</source>
        <translation>今天过期</translation>
    </message>
    <message>
        <source>expire within 1 day</source>
        <translation>1 天内过期</translation>
    </message>
    <message>
        <source>expire within 3 days</source>
        <translation>3 天内过期</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n link(s))</source>
        <translation>
            <numerusform>%1(%n 个链接)</numerusform>
        </translation>
    </message>
    <message>
        <source>Renew</source>
        <translation>续期</translation>
    </message>
</context>
<context>
    <name>RenewUi</name>
    <message>
        <source>No link expires within that time.</source>
        <translation>该时间内没有即将过期的链接。</translation>
    </message>
    <message numerus="yes">
        <source>Renewing %n link(s).</source>
        <translation>
            <numerusform>正在续期 %n 个链接。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n link(s) were not renewed: %1</source>
        <translation>
            <numerusform>%n 个链接未续期:%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Not renewed</source>
        <translation>未续期</translation>
    </message>
    <message>
        <source>Pick the file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Where is %1 now?</source>
        <translation>%1 现在在哪里?</translation>
    </message>
    <message>
        <source>Earlier link, works until %1: %2</source>
        <translation>之前的链接,有效期至 %1:%2</translation>
    </message>
    <message numerus="yes">
        <source>%n link(s) expire today.</source>
        <translation>
            <numerusform>%n 个链接今天过期。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n 小时</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n link(s) expire within %1.</source>
        <translation>
            <numerusform>%n 个链接将在 %1 内过期。</numerusform>
        </translation>
    </message>
    <message>
        <source>Edit → Renew all expiring… gives them 7 more days.</source>
        <translation>编辑 → 续期所有即将过期的链接… 可让它们再用 7 天。</translation>
    </message>
</context>
<context>
    <name>Renewer</name>
    <message>
        <source>Renew is for links that still work and have less than a day left; Re-upload gives any other file a new link.</source>
        <translation>续期适用于仍然有效且剩余不到一天的链接;其他文件可用“重新上传”获得新链接。</translation>
    </message>
    <message numerus="yes">
        <source>Checking %n file(s) to renew…</source>
        <translation>
            <numerusform>正在检查 %n 个要续期的文件…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RowButton</name>
    <message>
        <source>Cancel</source>
        <extracomment>What Enter on a row does: its button, except × (a key pressed by mistake must not cancel).</extracomment>
        <translation>取消</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Re-upload</source>
        <translation>重新上传</translation>
    </message>
    <message>
        <source>Renew</source>
        <translation>续期</translation>
    </message>
    <message>
        <source>Make it fit</source>
        <translation>压缩到上限内</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>回车键</translation>
    </message>
    <message>
        <source>Ctrl+Period</source>
        <translation>Ctrl+句点</translation>
    </message>
    <message>
        <source>%1 button (%2)</source>
        <translation>%1按钮（%2）</translation>
    </message>
</context>
<context>
    <name>SearchBar</name>
    <message>
        <source>No row matches “%1”. Press Esc to clear the search.</source>
        <translation>没有与“%1”匹配的行。按 Esc 清除搜索。</translation>
    </message>
    <message>
        <source>No row fits this filter. Choose “All” to see every row.</source>
        <translation>没有符合此筛选的行。选择“全部”可查看所有行。</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>清除搜索</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API 密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>Leave empty to keep the current key</source>
        <translation>留空则保留当前密钥</translation>
    </message>
    <message>
        <source>Paste your API key</source>
        <translation>粘贴 API 密钥</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Show the key</source>
        <translation>显示密钥</translation>
    </message>
    <message>
        <source>&amp;Test key</source>
        <translation>测试密钥(&amp;T)</translation>
    </message>
    <message>
        <source>API add&amp;ress:</source>
        <translation>API 地址(&amp;R)：</translation>
    </message>
    <message>
        <source>%1 is set in the environment, so the app uses %2 instead of this address. Change or remove %1 to use the address here.</source>
        <translation>环境变量 %1 已设置，因此应用使用 %2 而不是这里的地址。如需使用这里的地址，请修改或删除 %1。</translation>
    </message>
    <message>
        <source>&amp;Uploads at once:</source>
        <translation>同时上传数(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Copy the URL when an upload finishes</source>
        <translation>上传完成后自动复制链接(&amp;C)</translation>
    </message>
    <message>
        <source>Send files of 4 MB or less &amp;directly to the API</source>
        <translation>4 MB 及以下的文件直接发送到 API(&amp;D)</translation>
    </message>
    <message>
        <source>Remove location and camera details before upload</source>
        <translation>上传前移除位置和相机信息</translation>
    </message>
    <message>
        <source>Files o&amp;ver the limit:</source>
        <translation>超过上限的文件(&amp;V)：</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>询问</translation>
    </message>
    <message>
        <source>Make them fit</source>
        <translation>压缩到上限内</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Copy &amp;format:</source>
        <translation>复制格式(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>Plain URL</source>
        <translation>纯链接</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>HTML</source>
        <translation>HTML</translation>
    </message>
    <message>
        <source>Ready generation call (curl / JSON)</source>
        <translation>生成调用代码（curl / JSON）</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Appearance:</source>
        <translation>外观(&amp;A)：</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>%1 is set in the environment and decides the appearance while it is set.</source>
        <translation>环境变量 %1 已设置，设置期间由它决定外观。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Save a refused key?</source>
        <translation>保存被拒绝的密钥？</translation>
    </message>
    <message>
        <source>The service refused this key when you tested it. Uploads with it will fail. Save it anyway?</source>
        <translation>测试时服务拒绝了这个密钥，用它上传将会失败。仍要保存吗？</translation>
    </message>
</context>
<context>
    <name>Spoken</name>
    <message>
        <source>Sho&amp;w:</source>
        <translation>显示(&amp;W)：</translation>
    </message>
    <message>
        <source>Show which rows</source>
        <translation>显示哪些行</translation>
    </message>
    <message>
        <source>All, active or expired uploads</source>
        <translation>全部、有效或已过期的上传</translation>
    </message>
    <message>
        <source>Rows shown</source>
        <translation>显示的行数</translation>
    </message>
    <message>
        <source>Progress of the uploads running</source>
        <translation>正在进行的上传的进度</translation>
    </message>
    <message>
        <source>Uploads finished</source>
        <translation>已完成的上传</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Status bar</source>
        <translation>状态栏</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>The settings file %1 has values that cannot be used (%2), so their defaults are used. The log has the details.</source>
        <translation>设置文件 %1 中有无法使用的值（%2），因此改用其默认值。详情见日志。</translation>
    </message>
    <message>
        <source>The settings file %1 could not be read, so the defaults are used. The log has the details.</source>
        <translation>无法读取设置文件 %1，因此使用默认设置。详细信息见日志。</translation>
    </message>
    <message>
        <source>%1 is set to an address that cannot be used: it must start with https:// (http:// only for a server on this computer). The address from Settings is used instead.</source>
        <translation>环境变量 %1 设置的地址无法使用：地址必须以 https:// 开头（http:// 仅限本机上的服务）。现改用设置中的地址。</translation>
    </message>
    <message>
        <source>a file has that name</source>
        <translation>已有同名文件</translation>
    </message>
    <message>
        <source>The folder %1 cannot be used (%2), so your settings and the window&apos;s size will not be kept after it closes.</source>
        <translation>无法使用文件夹 %1（%2），因此关闭后不会保留你的设置和窗口大小。</translation>
    </message>
    <message>
        <source>No log can be written in %1 this time.</source>
        <translation>这次无法在 %1 中写入日志。</translation>
    </message>
</context>
<context>
    <name>TemplateMenu</name>
    <message>
        <source>Nothing to copy: no URL works right now.</source>
        <translation>没有可复制的内容：当前没有有效的链接。</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n URL(s) as %1.</source>
        <translation>
            <numerusform>已按 %1 复制 %n 个链接。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TemplatesButton</name>
    <message>
        <source>Own te&amp;mplates…</source>
        <translation>自定义模板(&amp;M)…</translation>
    </message>
    <message>
        <source>Formats of your own for Copy as, such as ![{name}]({url})</source>
        <translation>“复制为”中的自定义格式,例如 ![{name}]({url})</translation>
    </message>
</context>
<context>
    <name>TemplatesDialog</name>
    <message>
        <source>Copy templates</source>
        <translation>复制模板</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Template:</source>
        <translation>模板(&amp;T):</translation>
    </message>
    <message>
        <source>Placeholders: %1</source>
        <translation>占位符:%1</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Save template</source>
        <translation>保存模板(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
</context>
<context>
    <name>Text</name>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <source>%1 h %2 m</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 m</source>
        <translation>%1 分</translation>
    </message>
    <message>
        <source>&lt; 1 m</source>
        <translation>不到 1 分</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 m %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
</context>
<context>
    <name>UndoNotice</name>
    <message numerus="yes">
        <source>Removed %n row(s) from the list and the history. Their URLs keep working until they expire.</source>
        <translation>
            <numerusform>已从列表和历史记录中移除 %n 行。这些链接 在过期前仍可使用。</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) put back.</source>
        <translation>
            <numerusform>已恢复 %n 行。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Unreachable</name>
    <message>
        <source>Cannot connect to %1: %2 Each upload tries again on its own, %3 times in all; after that, Retry failed (Ctrl+Shift+T) starts them again.</source>
        <extracomment>Reasons that mean the service was not reached at all (not a refusal, not a server error).</extracomment>
        <translation>无法连接到 %1：%2 每个上传会自动重试，共尝试 %3 次；之后可用“重试失败项”(Ctrl+Shift+T) 重新开始。</translation>
    </message>
</context>
<context>
    <name>UpdatePrompt</name>
    <message>
        <source>Check for Updates Automatically</source>
        <translation>自动检查更新</translation>
    </message>
    <message>
        <source>Check once a day whether a new version of %1 is out? Only the version number is fetched from the project&apos;s releases page.</source>
        <translation>每天检查一次 %1 是否有新版本？只会从项目的发布页面获取版本号。</translation>
    </message>
    <message>
        <source>Check for updates</source>
        <translation>检查更新</translation>
    </message>
    <message>
        <source>No, thanks</source>
        <translation>不用了</translation>
    </message>
    <message>
        <source>%1 %2 is out (this is %3).</source>
        <translation>%1 %2 已发布（当前为 %3）。</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Skip this version</source>
        <translation>跳过此版本</translation>
    </message>
</context>
<context>
    <name>UploadsModel</name>
    <message>
        <source>Name</source>
        <extracomment>Up to this many persistent indexes, a sort finds their rows by a search of the list (each a scan in C) and leaves renumbering every row to the loop&apos;s next turn.</extracomment>
        <translation>名称</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Public URL</source>
        <translation>公开链接</translation>
    </message>
    <message>
        <source>Expires in</source>
        <translation>剩余有效期</translation>
    </message>
    <message>
        <source>Waiting for the API key</source>
        <translation>等待 API 密钥</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>正在上传</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>正在下载</translation>
    </message>
    <message>
        <source>Retrying in %1 s (attempt %2 of %3)</source>
        <translation>%1 秒后重试（第 %2 次，共 %3 次）</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Done · %1 left</source>
        <translation>已完成 · 剩余 %1</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Interrupted: the app closed before this finished</source>
        <translation>已中断：应用在上传完成前已关闭</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>未添加：%1</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>expires in %1</source>
        <translation>%1后过期</translation>
    </message>
    <message>
        <source>no URL yet</source>
        <translation>尚无链接</translation>
    </message>
    <message>
        <source>Downloading %1</source>
        <translation>正在下载 %1</translation>
    </message>
    <message>
        <source>waiting for the service&apos;s answer</source>
        <translation>正在等待服务响应</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>%1
Double-click or press Ctrl+C to copy.</source>
        <translation>%1
双击或按 Ctrl+C 复制。</translation>
    </message>
    <message>
        <source>Works until %1</source>
        <translation>有效期至 %1</translation>
    </message>
</context>
<context>
    <name>UploadsView</name>
    <message>
        <source>Uploads</source>
        <extracomment>Countdowns show minutes at best, so a repaint every 20 s keeps them right to the minute. Below these widths of the list the less important columns make room (Expires folds into Status); a window half a 1366-pixel screen wide keeps name, status and URL.</extracomment>
        <translation>上传列表</translation>
    </message>
</context>
<context>
    <name>UrlsOut</name>
    <message numerus="yes">
        <source>Copied %n URL(s).</source>
        <translation>
            <numerusform>已复制 %n 个链接。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n expired left out.</source>
        <translation>
            <numerusform>%n 个已过期，未复制。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n still uploading left out.</source>
        <translation>
            <numerusform>%n 个仍在上传，未复制。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n without a URL (not uploaded) left out.</source>
        <translation>
            <numerusform>%n 个没有链接（未上传），未复制。</numerusform>
        </translation>
    </message>
    <message>
        <source>That URL has expired: use Re-upload on its row to get a new one.</source>
        <translation>该链接已过期：请点击该行的“重新上传”获取新链接。</translation>
    </message>
    <message>
        <source>That URL has expired, and the file is no longer on this computer.</source>
        <translation>该链接已过期，且文件已不在这台电脑上。</translation>
    </message>
    <message>
        <source>Nothing to copy yet: the upload has not finished.</source>
        <translation>暂时没有可复制的内容：上传尚未完成。</translation>
    </message>
    <message numerus="yes">
        <source>Nothing to copy: %n selected file(s) were not uploaded.</source>
        <translation>
            <numerusform>没有可复制的内容：选中的 %n 个文件没有上传。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to copy: no URL works right now.</source>
        <translation>没有可复制的内容：当前没有有效的链接。</translation>
    </message>
</context>
<context>
    <name>WebDropWords</name>
    <message>
        <source>Drop to upload the picture</source>
        <extracomment>Image formats whose bytes are kept as they came (no decoding, no PNG re-encoding).</extracomment>
        <translation>松开即可上传这张图片</translation>
    </message>
    <message>
        <source>The picture from the web page is uploaded as it is.</source>
        <translation>网页中的图片将按原样上传。</translation>
    </message>
    <message numerus="yes">
        <source>Drop to download and upload %n file(s)</source>
        <translation>
            <numerusform>松开即可下载并上传 %n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <source>Web addresses are downloaded first, then uploaded.</source>
        <translation>网址会先下载，再上传。</translation>
    </message>
</context>
<context>
    <name>_Plural</name>
    <message numerus="yes">
        <source>{name} has no images, video or audio in it (%n other file(s) skipped).</source>
        <translation>
            <numerusform>{name} 中没有图片、视频或音频（跳过了 %n 个其他文件）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n file(s) in folders that are not images, video or audio.</source>
        <translation>
            <numerusform>跳过了文件夹中 %n 个不是图片、视频或音频的文件。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n file(s) that are not images, video or audio: {examples}</source>
        <translation>
            <numerusform>跳过了 %n 个不是图片、视频或音频的文件：{examples}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more.</source>
        <translation>
            <numerusform>以及另外 %n 个。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{name} has no images, video or audio in it (%n link(s) to other folders not followed).</source>
        <translation>
            <numerusform>{name} 中没有图片、视频或音频（有 %n 个指向其他文件夹的链接未跟随）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Did not follow %n link(s) to other folders; drop those folders themselves.</source>
        <translation>
            <numerusform>没有跟随 %n 个指向其他文件夹的链接；请直接拖入那些文件夹。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{inner} It was tried %n time(s).</source>
        <translation>
            <numerusform>{inner} 已尝试 %n 次。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies) of the upload history could not be read (damaged) and are not shown; the rest of the history works, and new uploads are saved.</source>
        <translation>
            <numerusform>上传历史中有 %n 条记录无法读取（已损坏），未显示；其余历史记录正常，新的上传会被保存。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_Units</name>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n 字节</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n 小时</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
</context>
</TS>
