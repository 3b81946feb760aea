<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Actions</name>
    <message numerus="yes">
        <source>Copied the %n live URL(s) of the rows shown.</source>
        <translation>
            <numerusform>Copied the live URL of the row shown.</numerusform>
            <numerusform>Copied the %n live URLs of the rows shown.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BatchNotice</name>
    <message numerus="yes">
        <source>%n file(s) uploaded.</source>
        <translation>
            <numerusform>%n file uploaded.</numerusform>
            <numerusform>%n files uploaded.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n URL(s) copied to the clipboard as %1, in the order they were dropped.</source>
        <translation>
            <numerusform>%n URL copied to the clipboard as %1.</numerusform>
            <numerusform>%n URLs copied to the clipboard as %1, in the order they were dropped.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copy %n URL(s)</source>
        <translation>
            <numerusform>Copy %n URL</numerusform>
            <numerusform>Copy %n URLs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %n URL(s).</source>
        <translation>
            <numerusform>Copied %n URL.</numerusform>
            <numerusform>Copied %n URLs.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message numerus="yes">
        <source>Copied %n URL(s), in the order they were dropped.</source>
        <translation>
            <numerusform>Copied %n URL.</numerusform>
            <numerusform>Copied %n URLs, in the order they were dropped.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %n upload(s).</source>
        <translation>
            <numerusform>Cancelled %n upload.</numerusform>
            <numerusform>Cancelled %n uploads.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) are no longer where they were uploaded from, e.g. %1.</source>
        <translation>
            <numerusform>%n file is no longer where it was uploaded from: %1.</numerusform>
            <numerusform>%n files are no longer where they were uploaded from, e.g. %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message numerus="yes">
        <source>Drop to upload %n item(s)</source>
        <translation>
            <numerusform>Drop to upload %n item</numerusform>
            <numerusform>Drop to upload %n items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n folder(s)</source>
        <translation>
            <numerusform>%n folder</numerusform>
            <numerusform>%n folders</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Drop to upload the images, video and audio in %n folder(s)</source>
        <translation>
            <numerusform>Drop to upload the images, video and audio in %n folder</numerusform>
            <numerusform>Drop to upload the images, video and audio in %n folders</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Drop to upload %n file(s)</source>
        <translation>
            <numerusform>Drop to upload %n file</numerusform>
            <numerusform>Drop to upload %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of these files were already uploaded and their URLs still work. Copy those URLs instead of uploading them again?</source>
        <translation>
            <numerusform>%n of these files was already uploaded and its URL still works. Copy that URL instead of uploading it again?</numerusform>
            <numerusform>%n of these files were already uploaded and their URLs still work. Copy those URLs instead of uploading them again?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) not uploaded again: their earlier URLs still work.</source>
        <translation>
            <numerusform>%n file not uploaded again: its earlier URL still works.</numerusform>
            <numerusform>%n files not uploaded again: their earlier URLs still work.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportUi</name>
    <message numerus="yes">
        <source>Exported %n upload(s) to %1.</source>
        <translation>
            <numerusform>Exported %n upload to %1.</numerusform>
            <numerusform>Exported %n uploads to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Fetches</name>
    <message numerus="yes">
        <source>Downloading %n file(s)…</source>
        <translation>
            <numerusform>Downloading %n file…</numerusform>
            <numerusform>Downloading %n files…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FilesIn</name>
    <message numerus="yes">
        <source>Checking %n item(s)…</source>
        <translation>
            <numerusform>Checking %n item…</numerusform>
            <numerusform>Checking %n items…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) could not be added, for example: %1</source>
        <translation>
            <numerusform>%n file could not be added: %1</numerusform>
            <numerusform>%n files could not be added, for example: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) wait for the API key.</source>
        <translation>
            <numerusform>%n file waits for the API key.</numerusform>
            <numerusform>%n files wait for the API key.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Queued %n file(s).</source>
        <translation>
            <numerusform>Queued %n file.</numerusform>
            <numerusform>Queued %n files.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n upload(s) have not finished. Quit and cancel them?</source>
        <translation>
            <numerusform>%n upload has not finished. Quit and cancel it?</numerusform>
            <numerusform>%n uploads have not finished. Quit and cancel them?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MediaPrep</name>
    <message numerus="yes">
        <source>%n file(s) are over the size limit: press Make it fit.</source>
        <extracomment>The caps a drop is checked against when files over them may still be made to fit.</extracomment>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NoticeArea</name>
    <message numerus="yes">
        <source>%n older notice(s)</source>
        <translation>
            <numerusform>%n older notice</numerusform>
            <numerusform>%n older notices</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RenewAllDialog</name>
    <message numerus="yes">
        <source>%1 (%n link(s))</source>
        <translation>
            <numerusform>%1 (%n link)</numerusform>
            <numerusform>%1 (%n links)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RenewUi</name>
    <message numerus="yes">
        <source>Renewing %n link(s).</source>
        <translation>
            <numerusform>Renewing %n link.</numerusform>
            <numerusform>Renewing %n links.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n link(s) were not renewed: %1</source>
        <translation>
            <numerusform>%n link was not renewed: %1</numerusform>
            <numerusform>%n links were not renewed: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n link(s) expire today.</source>
        <translation>
            <numerusform>%n link expires today.</numerusform>
            <numerusform>%n links expire today.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n hour</numerusform>
            <numerusform>%n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n link(s) expire within %1.</source>
        <translation>
            <numerusform>%n link expires within %1.</numerusform>
            <numerusform>%n links expire within %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Renewer</name>
    <message numerus="yes">
        <source>Checking %n file(s) to renew…</source>
        <translation>
            <numerusform>Checking %n file to renew…</numerusform>
            <numerusform>Checking %n files to renew…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TemplateMenu</name>
    <message numerus="yes">
        <source>Copied %n URL(s) as %1.</source>
        <translation>
            <numerusform>Copied %n URL as %1.</numerusform>
            <numerusform>Copied %n URLs as %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UndoNotice</name>
    <message numerus="yes">
        <source>Removed %n row(s) from the list and the history. Their URLs keep working until they expire.</source>
        <translation>
            <numerusform>Removed %n row from the list and the history. Its URL keeps working until it expires.</numerusform>
            <numerusform>Removed %n rows from the list and the history. Their URLs keep working until they expire.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) put back.</source>
        <translation>
            <numerusform>%n row put back.</numerusform>
            <numerusform>%n rows put back.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UrlsOut</name>
    <message numerus="yes">
        <source>Copied %n URL(s).</source>
        <translation>
            <numerusform>Copied %n URL.</numerusform>
            <numerusform>Copied %n URLs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n expired left out.</source>
        <translation>
            <numerusform>%n expired left out.</numerusform>
            <numerusform>%n expired left out.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n still uploading left out.</source>
        <translation>
            <numerusform>%n still uploading left out.</numerusform>
            <numerusform>%n still uploading left out.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n without a URL (not uploaded) left out.</source>
        <translation>
            <numerusform>%n without a URL (not uploaded) left out.</numerusform>
            <numerusform>%n without a URL (not uploaded) left out.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Nothing to copy: %n selected file(s) were not uploaded.</source>
        <translation>
            <numerusform>Nothing to copy: the selected file was not uploaded.</numerusform>
            <numerusform>Nothing to copy: %n selected files were not uploaded.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WebDropWords</name>
    <message numerus="yes">
        <source>Drop to download and upload %n file(s)</source>
        <translation>
            <numerusform>Drop to download and upload %n file</numerusform>
            <numerusform>Drop to download and upload %n files</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_Plural</name>
    <message numerus="yes">
        <source>{name} has no images, video or audio in it (%n other file(s) skipped).</source>
        <translation>
            <numerusform>{name} has no images, video or audio in it (%n other file skipped).</numerusform>
            <numerusform>{name} has no images, video or audio in it (%n other files skipped).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n file(s) in folders that are not images, video or audio.</source>
        <translation>
            <numerusform>Skipped %n file in a folder that is not an image, video or audio.</numerusform>
            <numerusform>Skipped %n files in folders that are not images, video or audio.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n file(s) that are not images, video or audio: {examples}</source>
        <translation>
            <numerusform>Skipped %n file that is not an image, video or audio: {examples}</numerusform>
            <numerusform>Skipped %n files that are not images, video or audio: {examples}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more.</source>
        <translation>
            <numerusform>and %n more.</numerusform>
            <numerusform>and %n more.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{name} has no images, video or audio in it (%n link(s) to other folders not followed).</source>
        <translation>
            <numerusform>{name} has no images, video or audio in it (%n link to another folder not followed).</numerusform>
            <numerusform>{name} has no images, video or audio in it (%n links to other folders not followed).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Did not follow %n link(s) to other folders; drop those folders themselves.</source>
        <translation>
            <numerusform>Did not follow %n link to another folder; drop that folder itself.</numerusform>
            <numerusform>Did not follow %n links to other folders; drop those folders themselves.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{inner} It was tried %n time(s).</source>
        <translation>
            <numerusform>{inner} It was tried %n time.</numerusform>
            <numerusform>{inner} It was tried %n times.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies) of the upload history could not be read (damaged) and are not shown; the rest of the history works, and new uploads are saved.</source>
        <translation>
            <numerusform>%n entry of the upload history could not be read (damaged) and is not shown; the rest of the history works, and new uploads are saved.</numerusform>
            <numerusform>%n entries of the upload history could not be read (damaged) and are not shown; the rest of the history works, and new uploads are saved.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_Units</name>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n byte</numerusform>
            <numerusform>%n bytes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n hour</numerusform>
            <numerusform>%n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
</context>
</TS>
