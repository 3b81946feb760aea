"""The window's words for the core's reasons: each code through tr(), in the person's language.

The core says why as a code and its parameters (app/core/reasons.py); here each code has its
sentence, translated, and each parameter is shown the local way (sizes, numbers, kinds of file).
A test fails when a code has no sentence here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject

from app.core.reasons import Reason
from app.ui.words import text


def templates() -> dict[str, Callable[[], str]]:
    """Each code's sentence; functions, so that lupdate sees every text and tr() runs late."""
    return {
        "bad_name": lambda: QCoreApplication.translate("Reason", "{path} is not a file name."),
        "check_failed": lambda: QCoreApplication.translate(
            "Reason", "{name} could not be checked ({detail})."
        ),
        "unreadable_denied": lambda: QCoreApplication.translate(
            "Reason", "{name} cannot be read (permission denied). Check that you can open it."
        ),
        "unreadable": lambda: QCoreApplication.translate(
            "Reason", "{name} cannot be read ({detail}). Check that you can open it."
        ),
        "not_found": lambda: QCoreApplication.translate(
            "Reason", "{name} could not be found. It may have been moved or deleted."
        ),
        "link_loop": lambda: QCoreApplication.translate(
            "Reason", "{name} is a shortcut that points to itself in a loop."
        ),
        "link_dangling": lambda: QCoreApplication.translate(
            "Reason", "{name} is a shortcut to a file that no longer exists."
        ),
        "is_folder": lambda: QCoreApplication.translate(
            "Reason", "{name} is a folder, not a file."
        ),
        "special": lambda: QCoreApplication.translate(
            "Reason", "{name} is not a regular file (it is {special})."
        ),
        "empty": lambda: QCoreApplication.translate("Reason", "{name} is empty (0 bytes)."),
        "clean_unreadable": lambda: QCoreApplication.translate(
            "Reason",
            "{name} could not be checked for location details ({detail}), so it was not sent. "
            'Turn off "Remove location and camera details" to send it as it is.',
        ),
        "clean_failed": lambda: QCoreApplication.translate(
            "Reason",
            "{name} could not be cleaned of location details ({detail}). "
            "Check the free space in the app's cache folder.",
        ),
        "fit_offer": lambda: QCoreApplication.translate(
            "Reason",
            "{name} is {size_bytes}, over the {cap_bytes} limit. "
            "Make it fit (about {target_bytes}, {dims}, {codec}).",
        ),
        "fit_too_long": lambda: QCoreApplication.translate(
            "Reason",
            "{name} is too long to fit in {cap_bytes} at a watchable quality ({minutes} minutes). "
            "Cut it shorter and try again.",
        ),
        "fit_missed": lambda: QCoreApplication.translate(
            "Reason",
            "{name} could not be brought under {cap_bytes}, even at its lowest quality.",
        ),
        "fit_no_picture": lambda: QCoreApplication.translate(
            "Reason",
            "{name} has no picture that can be read. It may be damaged or cut short.",
        ),
        "fit_no_stream": lambda: QCoreApplication.translate(
            "Reason",
            "{name} has no sound or picture that can be read. It may be damaged or cut short.",
        ),
        "fit_damaged": lambda: QCoreApplication.translate(
            "Reason",
            "{name} could not be read to the end ({detail}). It may be damaged or cut short.",
        ),
        "fit_disk_full": lambda: QCoreApplication.translate(
            "Reason",
            "There is not enough free space to make {name} fit. Free some space and try again.",
        ),
        "fit_changed": lambda: QCoreApplication.translate(
            "Reason",
            "{name} changed while it was being made to fit. Add it again once it is saved.",
        ),
        "fit_failed": lambda: QCoreApplication.translate(
            "Reason",
            "{name} could not be made to fit ({detail}).",
        ),
        "fit_cancelled": lambda: QCoreApplication.translate(
            "Reason",
            "Making {name} fit was cancelled.",
        ),
        "not_media": lambda: QCoreApplication.translate(
            "Reason", "{name} is not an image, video or audio file (it looks like {looks})."
        ),
        "too_large": lambda: QCoreApplication.translate(
            "Reason", "{name} is {size_bytes}; {kind} can be at most {cap_bytes}."
        ),
        "too_large_exact": lambda: QCoreApplication.translate(
            "Reason", "{name} is {size} bytes; {kind} can be at most {cap_bytes} ({cap} bytes)."
        ),
        "folder_too_many_files": lambda: QCoreApplication.translate(
            "Reason", "{name} has more than {limit} files; only the first {limit} were looked at."
        ),
        "folder_too_many_folders": lambda: QCoreApplication.translate(
            "Reason",
            "{name} has more than {limit} folders; only the first {limit} were looked at.",
        ),
        "folder_empty": lambda: QCoreApplication.translate(
            "Reason", "{name} has no images, video or audio in it (it is empty)."
        ),
        "named": lambda: QCoreApplication.translate("Reason", "{inner}"),
        "unexpected": lambda: QCoreApplication.translate(
            "Reason", "{name} failed unexpectedly ({detail})."
        ),
        "file_gone": lambda: QCoreApplication.translate(
            "Reason",
            "{name} was moved or deleted after it was added. Add it again if you still want it "
            "uploaded.",
        ),
        "file_resized": lambda: QCoreApplication.translate(
            "Reason",
            "{name} changed after it was added (it was {was_bytes}, now {now_bytes}). Add it "
            "again to upload the new version.",
        ),
        "file_changed_since_added": lambda: QCoreApplication.translate(
            "Reason", "{name} changed after it was added. Add it again to upload it as it is now."
        ),
        "file_unopenable": lambda: QCoreApplication.translate(
            "Reason", "{name} could not be opened for upload."
        ),
        "file_changed_during": lambda: QCoreApplication.translate(
            "Reason", "{name} changed while it was uploading."
        ),
        "file_unreadable_during": lambda: QCoreApplication.translate(
            "Reason", "{name} could not be read while uploading."
        ),
        "file_changed_while_sent": lambda: QCoreApplication.translate(
            "Reason",
            "{name}: the file changed while it was being sent. It is sent again from a fresh read.",
        ),
        "file_kept_changing": lambda: QCoreApplication.translate(
            "Reason",
            "{name} kept changing while it was being sent ({tries} times), so no version of it "
            "was published. Upload it again once it is saved.",
        ),
        "renew_no_source": lambda: QCoreApplication.translate(
            "Reason",
            "{name} was not uploaded from a file on this computer, so its link cannot be "
            "renewed. Pick the file to renew it.",
        ),
        "renew_gone": lambda: QCoreApplication.translate(
            "Reason",
            "{name} is no longer at {path}, so its link was not renewed. "
            "Pick the file again if it was moved.",
        ),
        "renew_changed": lambda: QCoreApplication.translate(
            "Reason",
            "{name} at {path} has changed since it was uploaded (not the same content), so its "
            "link was not renewed. Pick the original file, or upload this one as a new file.",
        ),
        "template_no_name": lambda: QCoreApplication.translate(
            "Reason", "Give the template a name; it is shown in Copy as."
        ),
        "template_name_long": lambda: QCoreApplication.translate(
            "Reason", "A template name can be at most {limit} characters."
        ),
        "template_name_taken": lambda: QCoreApplication.translate(
            "Reason", "There is already a template named {name}; choose another name."
        ),
        "template_empty": lambda: QCoreApplication.translate(
            "Reason", "The template {name} is empty; write what Copy should put on the clipboard."
        ),
        "template_too_long": lambda: QCoreApplication.translate(
            "Reason", "The template {name} is longer than {limit} characters."
        ),
        "template_brace": lambda: QCoreApplication.translate(
            "Reason",
            "The template {name} has a brace that is not part of a placeholder. "
            "Write a brace twice to keep it as text.",
        ),
        "template_unknown": lambda: QCoreApplication.translate(
            "Reason",
            "The template {name} uses the placeholder {placeholder}, which does not exist. "
            "The placeholders are: {known}.",
        ),
        "history_not_saved": lambda: QCoreApplication.translate(
            "Reason", "The upload worked, but it could not be saved to the history ({detail})."
        ),
        "history_restarted": lambda: QCoreApplication.translate(
            "Reason",
            "The upload history was damaged, so a new one was started. The old file was kept "
            "as {path}.",
        ),
        "data_folder_open": lambda: QCoreApplication.translate(
            "Reason",
            "The data folder {path} can be opened by other users of this computer; its mode "
            "was left as it is. The app's own files in it are private to you.",
        ),
        "history_unusable": lambda: QCoreApplication.translate(
            "Reason",
            "The upload history cannot be used this time, so uploads will not be remembered. "
            "The log has the details.",
        ),
        "history_not_moved": lambda: QCoreApplication.translate(
            "Reason",
            "The upload history is damaged and could not be moved aside, so uploads will not be "
            "remembered. The log has the details.",
        ),
        "key_refused": lambda: QCoreApplication.translate(
            "Reason", "The API key was refused (“{msg}”). Check the key and try again."
        ),
        "too_large_direct": lambda: QCoreApplication.translate(
            "Reason",
            "The file is too large to send directly to the API. Turn off direct sending in "
            "Settings and try again.",
        ),
        "busy": lambda: QCoreApplication.translate(
            "Reason", "The service is busy (too many requests). Will try again shortly."
        ),
        "busy_gave_up": lambda: QCoreApplication.translate(
            "Reason", "The service is busy (too many requests)."
        ),
        "service_down": lambda: QCoreApplication.translate(
            "Reason",
            "The service is not answering: {count} requests in a row failed the same way. "
            "{inner} The uploads stopped; try again after {until}.",
        ),
        "service_asks_wait": lambda: QCoreApplication.translate(
            "Reason",
            "The service is busy and asks to wait {minutes} min, longer than this app waits "
            "between tries, so the uploads stopped. Try again after {until}.",
        ),
        "server_problem": lambda: QCoreApplication.translate(
            "Reason", "The service had a problem (HTTP {status}). It said: “{msg}”"
        ),
        "request_refused": lambda: QCoreApplication.translate(
            "Reason", "The service refused the request (HTTP {status}). It said: “{msg}”"
        ),
        "server_said": lambda: QCoreApplication.translate("Reason", "The service said: “{msg}”"),
        "server_problem_not_api": lambda: QCoreApplication.translate(
            "Reason", "The service had a problem (HTTP {status}); its answer was not the API's."
        ),
        "reply_empty": lambda: QCoreApplication.translate(
            "Reason",
            "The service sent an empty reply (HTTP {status}). Check the API address in Settings.",
        ),
        "reply_not_json": lambda: QCoreApplication.translate(
            "Reason",
            "The service sent a reply that is not the API's (HTTP {status}). Check the API "
            "address in Settings.",
        ),
        "answered_empty": lambda: QCoreApplication.translate(
            "Reason",
            "The service answered HTTP {status} with an empty reply. Check the API address in "
            "Settings.",
        ),
        "answered_not_json": lambda: QCoreApplication.translate(
            "Reason",
            "The service answered HTTP {status} with a reply that is not the API's. Check the API "
            "address in Settings.",
        ),
        "storage_refused": lambda: QCoreApplication.translate(
            "Reason", "The storage refused the upload (HTTP {status}). It said: “{detail}”"
        ),
        "storage_answered_early": lambda: QCoreApplication.translate(
            "Reason",
            "The storage answered before the whole file was sent, so the upload cannot be trusted.",
        ),
        "storage_checksum": lambda: QCoreApplication.translate(
            "Reason",
            "The storage's checksum does not match the file that was sent, so the upload cannot "
            "be trusted.",
        ),
        "api_no_answer": lambda: QCoreApplication.translate(
            "Reason", "The service did not answer within {seconds} s."
        ),
        "upload_stalled": lambda: QCoreApplication.translate(
            "Reason", "The upload stopped moving for {seconds} s."
        ),
        "storage_stalled": lambda: QCoreApplication.translate(
            "Reason", "The storage stopped responding for {seconds} s (no bytes taken, no answer)."
        ),
        "answer_too_large": lambda: QCoreApplication.translate(
            "Reason", "The service's answer was too large (over {cap_bytes}) and was not read."
        ),
        "certificate": lambda: QCoreApplication.translate(
            "Reason",
            "The certificate of {host} could not be verified, so nothing was sent. If your "
            "network inspects secure connections (a company proxy), its certificate must be "
            "installed in this computer's trust store.",
        ),
        "link_not_followed": lambda: QCoreApplication.translate(
            "Reason", "Did not follow 1 link to another folder; drop that folder itself."
        ),
        "certificate_expired": lambda: QCoreApplication.translate(
            "Reason",
            "The certificate of {host} has expired, so nothing was sent. Check that this "
            "computer's date and time are right; if they are, the service has to renew its "
            "certificate.",
        ),
        "certificate_wrong_name": lambda: QCoreApplication.translate(
            "Reason",
            "The certificate presented for {host} was made for another name, so nothing was sent. "
            "Check the address; on a hotel or public network, sign in to it in a browser first.",
        ),
        "net_timeout": lambda: QCoreApplication.translate("Reason", "The connection timed out."),
        "net_connect": lambda: QCoreApplication.translate(
            "Reason",
            "Could not connect to the service. Check your internet connection and the API "
            "address in Settings.",
        ),
        "net_interrupted": lambda: QCoreApplication.translate(
            "Reason", "The connection was interrupted."
        ),
        "undecodable": lambda: QCoreApplication.translate(
            "Reason", "The service sent a reply that could not be decoded."
        ),
        "url_not_web": lambda: QCoreApplication.translate(
            "Reason",
            "The service's {what} is not a web address (it starts with {scheme}:); nothing was "
            "sent there.",
        ),
        "url_downgrade": lambda: QCoreApplication.translate(
            "Reason",
            "The service, reached over https, gave a {what} over plain http (http://{host}); "
            "nothing was sent there.",
        ),
        "request_failed": lambda: QCoreApplication.translate(
            "Reason", "The request could not be made ({detail})."
        ),
        "url_scheme": lambda: QCoreApplication.translate(
            "Reason",
            "{url} is not a web address (http or https); only those can be downloaded. "
            "Save the file and add it instead.",
        ),
        "url_invalid": lambda: QCoreApplication.translate(
            "Reason",
            "{url} is not a valid web address.",
        ),
        "url_connect": lambda: QCoreApplication.translate(
            "Reason",
            "Could not connect to {host}. Check the address and your internet connection.",
        ),
        "url_stalled": lambda: QCoreApplication.translate(
            "Reason",
            "{host} sent nothing for {seconds} s, so the download was stopped.",
        ),
        "url_deadline": lambda: QCoreApplication.translate(
            "Reason",
            "The download from {host} did not finish within {seconds} s, so it was stopped.",
        ),
        "url_status": lambda: QCoreApplication.translate(
            "Reason",
            "{host} answered HTTP {status}; nothing was downloaded.",
        ),
        "url_redirects": lambda: QCoreApplication.translate(
            "Reason",
            "{url} redirected more than {limit} times, so it was not followed further.",
        ),
        "url_redirect_loop": lambda: QCoreApplication.translate(
            "Reason",
            "{url} redirects in a loop, so nothing could be downloaded.",
        ),
        "url_redirect_scheme": lambda: QCoreApplication.translate(
            "Reason",
            "{url} redirected to {target}, which is not a web address.",
        ),
        "url_not_media": lambda: QCoreApplication.translate(
            "Reason",
            "{url} is {looks}, not an image, video or audio file. "
            "Copy the address of the image or video itself.",
        ),
        "url_too_large": lambda: QCoreApplication.translate(
            "Reason",
            "{name} from {host} is larger than {cap_bytes}, the most {kind} can be, so the "
            "download was stopped.",
        ),
        "url_empty": lambda: QCoreApplication.translate(
            "Reason",
            "{host} sent an empty file.",
        ),
        "url_not_saved": lambda: QCoreApplication.translate(
            "Reason",
            "The download could not be saved ({detail}). Check that the disk has room.",
        ),
        "url_failed": lambda: QCoreApplication.translate(
            "Reason",
            "The download from {host} failed ({detail}).",
        ),
        "watch_missing": lambda: QCoreApplication.translate(
            "Reason",
            "The watched folder {path} is not there (deleted, renamed or on a drive that was "
            "unplugged). Watching goes on when it is back.",
        ),
        "watch_back": lambda: QCoreApplication.translate(
            "Reason",
            "The watched folder {path} is back; watching it again.",
        ),
        "text": lambda: "{text}",
        # Plural sentences: %n is the count.
        "folder_no_media": lambda: "",
        "folder_links_only": lambda: "",
        "links_not_followed": lambda: "",
        "named_tried": lambda: "",
        "skipped": lambda: "",
        "history_rows_damaged": lambda: "",
    }


class _Plural(QObject):
    """Sentences with a count: tr() with %n, which gives each language its plural forms."""

    def folder_no_media(self, count: int) -> str:
        return self.tr(
            "{name} has no images, video or audio in it (%n other file(s) skipped).", "", count
        )

    def skipped(self, count: int) -> str:
        return self.tr(
            "Skipped %n file(s) in folders that are not images, video or audio.", "", count
        )

    def skipped_examples(self, count: int) -> str:
        return self.tr(
            "Skipped %n file(s) that are not images, video or audio: {examples}", "", count
        )

    def more(self, count: int) -> str:
        return self.tr("and %n more.", "", count)

    def folder_links_only(self, count: int) -> str:
        return self.tr(
            "{name} has no images, video or audio in it (%n link(s) to other folders not "
            "followed).",
            "",
            count,
        )

    def links_not_followed(self, count: int) -> str:
        return self.tr(
            "Did not follow %n link(s) to other folders; drop those folders themselves.", "", count
        )

    def named_tried(self, count: int) -> str:
        return self.tr("{inner} It was tried %n time(s).", "", count)

    def history_rows_damaged(self, count: int) -> str:
        return self.tr(
            "%n entry(ies) of the upload history could not be read (damaged) and are not shown; "
            "the rest of the history works, and new uploads are saved.",
            "",
            count,
        )


_plurals = _Plural()


def _plural(reason: Reason, args: dict[str, Any]) -> str | None:
    count = int(reason.args.get("count", 0))
    if reason.code == "folder_no_media":
        return _plurals.folder_no_media(count)
    if reason.code == "folder_links_only":
        return _plurals.folder_links_only(count)
    if reason.code == "links_not_followed":
        return _plurals.links_not_followed(count)
    if reason.code == "history_rows_damaged":
        return _plurals.history_rows_damaged(count)
    if reason.code == "named_tried":
        return _plurals.named_tried(int(reason.args.get("tries", 0)))
    if reason.code == "skipped":
        examples = reason.args.get("examples") or ()
        if not examples:
            return _plurals.skipped(count)
        named = QCoreApplication.translate("Reason", ", ").join(
            f"{name} ({looks(what)})" if what else str(name) for name, what in examples
        )
        sentence = _plurals.skipped_examples(count)
        more = count - len(examples)
        if more > 0:
            sentence += " " + _plurals.more(more)
        args["examples"] = named
        return sentence
    return None


def render(why: Reason | str | None) -> str:
    """The sentence for a reason, in the interface language."""
    if why is None:
        return ""
    if isinstance(why, str):
        return why
    args: dict[str, Any] = {}
    for key, value in why.args.items():
        if key.endswith("_bytes"):
            args[key] = text.size(int(value))
        elif key == "kind":
            args[key] = kinds(str(value))
        elif key == "looks":
            args[key] = looks(str(value))
        elif key == "special":
            args[key] = specials(str(value))
        elif isinstance(value, Reason):
            args[key] = render(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            args[key] = QLocale().toString(value)
        elif isinstance(value, float):
            args[key] = QLocale().toString(value, "g", 12)
        else:
            args[key] = value
    if (worded := os_errors().get(str(why.args.get("os_error", "")))) is not None:
        args["detail"] = worded  # the OS's words are English: ours for the common errors
    template = _plural(why, args)
    if template is None:
        make = templates().get(why.code)
        if make is None:
            return str(why)
        template = make()
    try:
        return template.format(**args)
    except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
        return str(why)


def os_errors() -> dict[str, str]:
    """The file errors a person meets, in the interface language (by errno name)."""
    return {
        "EIO": QCoreApplication.translate("OsError", "the disk could not read it"),
        "EBUSY": QCoreApplication.translate("OsError", "it is in use"),
        "ENAMETOOLONG": QCoreApplication.translate("OsError", "its name is too long"),
        "ETIMEDOUT": QCoreApplication.translate("OsError", "the drive did not answer in time"),
        "ENXIO": QCoreApplication.translate("OsError", "the device is not there"),
        "ENODEV": QCoreApplication.translate("OsError", "the device is not there"),
        "ESTALE": QCoreApplication.translate("OsError", "the network drive lost it"),
        "EAGAIN": QCoreApplication.translate("OsError", "it is locked just now"),
        "EMFILE": QCoreApplication.translate("OsError", "too many files are open"),
        "ELOOP": QCoreApplication.translate("OsError", "its shortcuts go round in a loop"),
        "ENOTDIR": QCoreApplication.translate("OsError", "a folder on its path is a file"),
    }


def kinds(kind: str) -> str:
    return {
        "image": QCoreApplication.translate("Reason", "images"),
        "video": QCoreApplication.translate("Reason", "videos"),
        "audio": QCoreApplication.translate("Reason", "audio files"),
    }.get(kind, QCoreApplication.translate("Reason", "files"))


def specials(special: str) -> str:
    return {
        "pipe": QCoreApplication.translate("Reason", "a named pipe"),
        "socket": QCoreApplication.translate("Reason", "a socket"),
        "device": QCoreApplication.translate("Reason", "a device"),
    }.get(special, QCoreApplication.translate("Reason", "a special file"))


def looks(phrase: str) -> str:
    """What a file that is not media looks like (the core's English phrase), translated."""
    table = {
        "a PDF document": QCoreApplication.translate("Looks", "a PDF document"),
        "a gzip archive": QCoreApplication.translate("Looks", "a gzip archive"),
        "a 7-Zip archive": QCoreApplication.translate("Looks", "a 7-Zip archive"),
        "a RAR archive": QCoreApplication.translate("Looks", "a RAR archive"),
        "a bzip2 archive": QCoreApplication.translate("Looks", "a bzip2 archive"),
        "an XZ archive": QCoreApplication.translate("Looks", "an XZ archive"),
        "a Zstandard archive": QCoreApplication.translate("Looks", "a Zstandard archive"),
        "a tar archive": QCoreApplication.translate("Looks", "a tar archive"),
        "a Windows program": QCoreApplication.translate("Looks", "a Windows program"),
        "a Linux program": QCoreApplication.translate("Looks", "a Linux program"),
        "a macOS program": QCoreApplication.translate("Looks", "a macOS program"),
        "an older Microsoft Office document": QCoreApplication.translate(
            "Looks", "an older Microsoft Office document"
        ),
        "an SQLite database": QCoreApplication.translate("Looks", "an SQLite database"),
        "an RTF document": QCoreApplication.translate("Looks", "an RTF document"),
        "a web font": QCoreApplication.translate("Looks", "a web font"),
        "a font": QCoreApplication.translate("Looks", "a font"),
        "an Ogg file with no audio or video stream this app knows": QCoreApplication.translate(
            "Looks", "an Ogg file with no audio or video stream this app knows"
        ),
        "an EBML file that is not Matroska or WebM": QCoreApplication.translate(
            "Looks", "an EBML file that is not Matroska or WebM"
        ),
        "a Photoshop document": QCoreApplication.translate("Looks", "a Photoshop document"),
        "a GIMP document": QCoreApplication.translate("Looks", "a GIMP document"),
        "a JPEG XR file": QCoreApplication.translate("Looks", "a JPEG XR file"),
        "an MP3 tag with no audio after it": QCoreApplication.translate(
            "Looks", "an MP3 tag with no audio after it"
        ),
        "an EPUB e-book": QCoreApplication.translate("Looks", "an EPUB e-book"),
        "a Word document": QCoreApplication.translate("Looks", "a Word document"),
        "an Excel spreadsheet": QCoreApplication.translate("Looks", "an Excel spreadsheet"),
        "a PowerPoint presentation": QCoreApplication.translate(
            "Looks", "a PowerPoint presentation"
        ),
        "an OpenDocument file": QCoreApplication.translate("Looks", "an OpenDocument file"),
        "a ZIP archive": QCoreApplication.translate("Looks", "a ZIP archive"),
        "an HTML page": QCoreApplication.translate("Looks", "an HTML page"),
        "an XML document": QCoreApplication.translate("Looks", "an XML document"),
        "JSON data": QCoreApplication.translate("Looks", "JSON data"),
        "a script": QCoreApplication.translate("Looks", "a script"),
        "plain text": QCoreApplication.translate("Looks", "plain text"),
        "empty": QCoreApplication.translate("Looks", "empty"),
        "an image": QCoreApplication.translate("Looks", "an image"),
        "a video": QCoreApplication.translate("Looks", "a video"),
        "audio": QCoreApplication.translate("Looks", "audio"),
        "a Canon raw photo": QCoreApplication.translate("Looks", "a Canon raw photo"),
        "blank text": QCoreApplication.translate("Looks", "blank text"),
        "only zero bytes": QCoreApplication.translate("Looks", "only zero bytes"),
        "unrecognised binary data": QCoreApplication.translate("Looks", "unrecognised binary data"),
        # What a skipped file in a folder was, beside its name.
        "hidden file": QCoreApplication.translate("Looks", "hidden file"),
        "shortcut in a loop": QCoreApplication.translate("Looks", "shortcut in a loop"),
        "shortcut to a missing file": QCoreApplication.translate(
            "Looks", "shortcut to a missing file"
        ),
        "named pipe": QCoreApplication.translate("Looks", "named pipe"),
        "socket": QCoreApplication.translate("Looks", "socket"),
        "device": QCoreApplication.translate("Looks", "device"),
        "special file": QCoreApplication.translate("Looks", "special file"),
    }
    return table.get(phrase, QCoreApplication.translate("Looks", "content of another kind"))
