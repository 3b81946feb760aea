"""Why something did not go: a code and its parameters, never a finished sentence.

The core reports refusals, failures and retry notes as :class:`Reason` values. Each surface turns
them into words: the CLI (and the log) through :func:`english` here, the window through its own
translated table (``app/ui/words/reasons.py``). A test checks that every code in
:data:`ENGLISH` has a rendering in the window too.

Parameter conventions, so that each surface can format them in its own way:

* ``*_bytes``: a size in bytes, shown as "11 MB" (1024-based);
* ``kind``: image, video or audio, shown as the plural ("images");
* ``looks``: what content that is not media looks like, a phrase from :mod:`app.core.sniff`;
* ``special``: pipe, socket, device or other;
* ``inner``: a nested :class:`Reason`;
* everything else is shown as it is (names, statuses, the server's own words).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The window's advice on a wrong address; the CLI says where its address comes from instead.
BASE_URL_HINT = "Check the base URL in Settings."

#: The English of every code: the CLI's words, the log's, and the source text for translators.
ENGLISH: dict[str, str] = {
    # A file that may not go (media.py)
    "bad_name": "{path} is not a file name.",
    "check_failed": "{name} could not be checked ({detail}).",
    "unreadable_denied": "{name} cannot be read (permission denied). Check that you can open it.",
    "unreadable": "{name} cannot be read ({detail}). Check that you can open it.",
    "not_found": "{name} could not be found. It may have been moved or deleted.",
    "link_loop": "{name} is a shortcut that points to itself in a loop.",
    "link_dangling": "{name} is a shortcut to a file that no longer exists.",
    "is_folder": "{name} is a folder, not a file.",
    "special": "{name} is not a regular file (it is {special}).",
    "empty": "{name} is empty (0 bytes).",
    "not_media": "{name} is not an image, video or audio file (it looks like {looks}).",
    "too_large": "{name} is {size_bytes}; {kind} can be at most {cap_bytes}.",
    "too_large_exact": (
        "{name} is {size:,} bytes; {kind} can be at most {cap_bytes} ({cap:,} bytes)."
    ),
    "folder_too_many_files": (
        "{name} has more than {limit:,} files; only the first {limit:,} were looked at."
    ),
    "folder_too_many_folders": (
        "{name} has more than {limit:,} folders; only the first {limit:,} were looked at."
    ),
    "folder_empty": "{name} has no images, video or audio in it (it is empty).",
    "folder_no_media": (
        "{name} has no images, video or audio in it ({count} other file{s} skipped)."
    ),
    "skipped": "Skipped {count} file{s} in {folders} that {are} not {media}.",
    "link_not_followed": "Did not follow 1 link to another folder; drop that folder itself.",
    "links_not_followed": (
        "Did not follow {count} links to other folders; drop those folders themselves."
    ),
    "folder_links_only": (
        "{name} has no images, video or audio in it ({count} link{s} to other folders not "
        "followed)."
    ),
    # Cleaning and fitting before the upload (app/core/media/)
    "clean_unreadable": (
        "{name} could not be checked for location details ({detail}), so it was not sent. "
        'Turn off "Remove location and camera details" to send it as it is.'
    ),
    "clean_failed": (
        "{name} could not be cleaned of location details ({detail}). "
        "Check the free space in the app's cache folder."
    ),
    "fit_offer": (
        "{name} is {size_bytes}, over the {cap_bytes} limit. "
        "Make it fit (about {target_bytes}, {dims}, {codec})."
    ),
    "fit_too_long": (
        "{name} is too long to fit in {cap_bytes} at a watchable quality ({minutes} minutes). "
        "Cut it shorter and try again."
    ),
    "fit_missed": ("{name} could not be brought under {cap_bytes}, even at its lowest quality."),
    "fit_no_picture": ("{name} has no picture that can be read. It may be damaged or cut short."),
    "fit_no_stream": (
        "{name} has no sound or picture that can be read. It may be damaged or cut short."
    ),
    "fit_damaged": (
        "{name} could not be read to the end ({detail}). It may be damaged or cut short."
    ),
    "fit_disk_full": (
        "There is not enough free space to make {name} fit. Free some space and try again."
    ),
    "fit_changed": (
        "{name} changed while it was being made to fit. Add it again once it is saved."
    ),
    "fit_failed": ("{name} could not be made to fit ({detail})."),
    "fit_cancelled": ("Making {name} fit was cancelled."),
    # An upload that failed or waits (uploads.py, api.py, errors.py)
    "named": "{name}: {inner}",
    "named_tried": "{name}: {inner} It was tried {tries} times.",
    "unexpected": "{name} failed unexpectedly ({detail}).",
    "file_gone": (
        "{name} was moved or deleted after it was added. "
        "Add it again if you still want it uploaded."
    ),
    "file_resized": (
        "{name} changed after it was added (it was {was_bytes}, now {now_bytes}). "
        "Add it again to upload the new version."
    ),
    "file_changed_since_added": (
        "{name} changed after it was added. Add it again to upload it as it is now."
    ),
    "file_unopenable": "{name} could not be opened for upload.",
    "file_changed_during": "{name} changed while it was uploading.",
    "file_unreadable_during": "{name} could not be read while uploading.",
    "file_changed_while_sent": (
        "{name}: the file changed while it was being sent. It is sent again from a fresh read."
    ),
    "file_kept_changing": (
        "{name} kept changing while it was being sent ({tries} times), so no version of it was "
        "published. Upload it again once it is saved."
    ),
    "history_not_saved": "The upload worked, but it could not be saved to the history ({detail}).",
    "history_restarted": (
        "The upload history was damaged, so a new one was started. The old file was kept as {path}."
    ),
    "history_unusable": "{detail} Uploads will work but will not be remembered.",
    "history_rows_damaged": (
        "{count} entr{ies} of the upload history could not be read (damaged) and {are} not shown; "
        "the rest of the history works, and new uploads are saved."
    ),
    "history_not_moved": (
        "{detail} It could not be moved aside ({error}); uploads work but will not be remembered."
    ),
    # A link that could not be renewed (renewal.py)
    "renew_no_source": (
        "{name} was not uploaded from a file on this computer, so its link cannot be renewed. "
        "Pick the file to renew it."
    ),
    "renew_gone": (
        "{name} is no longer at {path}, so its link was not renewed. "
        "Pick the file again if it was moved."
    ),
    "renew_changed": (
        "{name} at {path} has changed since it was uploaded (not the same content), so its link "
        "was not renewed. Pick the original file, or upload this one as a new file."
    ),
    # A copy template that cannot be saved (templates.py)
    "template_no_name": "Give the template a name; it is shown in Copy as.",
    "template_name_long": "A template name can be at most {limit} characters.",
    "template_name_taken": "There is already a template named {name}; choose another name.",
    "template_empty": "The template {name} is empty; write what Copy should put on the clipboard.",
    "template_too_long": "The template {name} is longer than {limit} characters.",
    "template_brace": (
        "The template {name} has a brace that is not part of a placeholder. "
        "Write a brace twice to keep it as text."
    ),
    "template_unknown": (
        "The template {name} uses the placeholder {placeholder}, which does not exist. "
        "The placeholders are: {known}."
    ),
    "data_folder_open": (
        "The data folder {path} can be opened by other users of this computer; its mode was "
        "left as it is. The app's own files in it are private to you."
    ),
    "key_refused": "The API key was refused ({msg}). Check the key and try again.",
    "too_large_direct": (
        "The file is too large to send through the API host directly; "
        "upload it without --direct (presigned mode) instead."
    ),
    "busy": "The service is busy (too many requests). Will try again shortly.",
    "busy_gave_up": "The service is busy (too many requests).",
    "service_down": (
        "The service is not answering: {count} requests in a row failed the same way. {inner} "
        "The uploads stopped; try again after {until}."
    ),
    "service_asks_wait": (
        "The service is busy and asks to wait {minutes} min, longer than this app waits between "
        "tries, so the uploads stopped. Try again after {until}."
    ),
    "server_problem": "The service had a problem (HTTP {status}: {msg}).",
    "request_refused": "The service refused the request (HTTP {status}: {msg}).",
    "server_said": "{msg}",
    "server_problem_not_api": (
        "The service had a problem (HTTP {status}: the body is not the API's reply)."
    ),
    "reply_empty": "The service sent an empty reply (HTTP {status}). " + BASE_URL_HINT,
    "reply_not_json": (
        "The service sent a reply that is not the API's JSON (HTTP {status}). " + BASE_URL_HINT
    ),
    "answered_empty": "The service answered HTTP {status} with an empty reply. " + BASE_URL_HINT,
    "answered_not_json": (
        "The service answered HTTP {status} with a reply that is not the API's JSON. "
        + BASE_URL_HINT
    ),
    "storage_refused": "The storage refused the upload (HTTP {status}, {detail}).",
    "storage_answered_early": (
        "The storage answered before the whole file was sent, so the upload cannot be trusted."
    ),
    "storage_checksum": (
        "The storage's checksum does not match the file that was sent, so the upload cannot be "
        "trusted."
    ),
    "api_no_answer": "The service did not answer within {seconds:g} s.",
    "upload_stalled": "The upload stopped moving for {seconds:g} s.",
    "storage_stalled": (
        "The storage stopped responding for {seconds:g} s (no bytes taken, no answer)."
    ),
    "answer_too_large": "The service's answer was too large (over {cap_bytes}) and was not read.",
    "certificate": (
        "The certificate of {host} could not be verified, so nothing was sent. If your network "
        "inspects secure connections (a company proxy), its certificate must be installed in "
        "this computer's trust store."
    ),
    "certificate_expired": (
        "The certificate of {host} has expired, so nothing was sent. Check that this computer's "
        "date and time are right; if they are, the service has to renew its certificate."
    ),
    "certificate_wrong_name": (
        "The certificate presented for {host} was made for another name, so nothing was sent. "
        "Check the address; on a hotel or public network, sign in to it in a browser first."
    ),
    "net_timeout": "The connection timed out.",
    "net_connect": (
        "Could not connect to the service. Check your internet connection and the base URL."
    ),
    "net_interrupted": "The connection was interrupted.",
    "undecodable": "The service sent a reply that could not be decoded.",
    "url_not_web": (
        "The service's {what} is not a web address (it starts with {scheme}:); nothing was sent "
        "there."
    ),
    "url_downgrade": (
        "The service, reached over https, gave a {what} over plain http (http://{host}); nothing "
        "was sent there."
    ),
    "request_failed": "The request could not be made ({detail}).",
    # A file from a web address (download.py) or a watched folder (watch.py)
    "url_scheme": (
        "{url} is not a web address (http or https); only those can be downloaded. "
        "Save the file and add it instead."
    ),
    "url_invalid": "{url} is not a valid web address.",
    "url_connect": "Could not connect to {host}. Check the address and your internet connection.",
    "url_stalled": "{host} sent nothing for {seconds:g} s, so the download was stopped.",
    "url_deadline": (
        "The download from {host} did not finish within {seconds:g} s, so it was stopped."
    ),
    "url_status": "{host} answered HTTP {status}; nothing was downloaded.",
    "url_redirects": "{url} redirected more than {limit} times, so it was not followed further.",
    "url_redirect_loop": "{url} redirects in a loop, so nothing could be downloaded.",
    "url_redirect_scheme": "{url} redirected to {target}, which is not a web address.",
    "url_not_media": (
        "{url} is {looks}, not an image, video or audio file. "
        "Copy the address of the image or video itself."
    ),
    "url_too_large": (
        "{name} from {host} is larger than {cap_bytes}, the most {kind} can be, so the download "
        "was stopped."
    ),
    "url_empty": "{host} sent an empty file.",
    "url_not_saved": "The download could not be saved ({detail}). Check that the disk has room.",
    "url_failed": "The download from {host} failed ({detail}).",
    "watch_missing": (
        "The watched folder {path} is not there (deleted, renamed or on a drive that was "
        "unplugged). Watching goes on when it is back."
    ),
    "watch_back": "The watched folder {path} is back; watching it again.",
    # Words that came from elsewhere as a finished sentence (kept as they are).
    "text": "{text}",
}

_KIND_PLURAL = {"image": "images", "video": "videos", "audio": "audio files"}
_SPECIAL = {
    "pipe": "a named pipe",
    "socket": "a socket",
    "device": "a device",
    "other": "a special file",
}


@dataclass(frozen=True)
class Reason:
    code: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, code: str, **params: Any) -> Reason:
        if code not in ENGLISH:
            raise KeyError(f"unknown reason code {code!r}")
        return cls(code, tuple(params.items()))

    @classmethod
    def text(cls, sentence: str) -> Reason:
        return cls("text", (("text", sentence),))

    @property
    def args(self) -> dict[str, Any]:
        return dict(self.params)

    def __str__(self) -> str:
        return english(self)

    def __contains__(self, words: str) -> bool:
        """``"damaged" in reason``: a look at its English, as for the sentence it replaced."""
        return words in english(self)


def human_size(n: int) -> str:
    """1024-based, labelled KB/MB/GB like the service's own "max 100MB"."""
    if n < 1024:
        return "1 byte" if n == 1 else f"{n} bytes"
    value, unit = scaled_size(n)
    return f"{value} {unit}"


def scaled_size(n: int) -> tuple[str, str]:
    """(number, unit) for n of 1024 bytes or more: ("1.5", "MB")."""
    value = float(n)
    units = ("KB", "MB", "GB", "TB")
    for i, unit in enumerate(units):
        value /= 1024
        # Round first, so that 1023.97 KB reads "1 MB" and not "1024 KB".
        shown = round(value, 1) if value < 100 else round(value)
        if shown < 1024 or i == len(units) - 1:
            text = f"{shown:.1f}" if isinstance(shown, float) else str(shown)
            return text.removesuffix(".0"), unit
    raise AssertionError("unreachable")  # pragma: no cover


def english(reason: Reason) -> str:
    args = reason.args
    shown: dict[str, Any] = {}
    for key, value in args.items():
        if key.endswith("_bytes"):
            shown[key] = human_size(int(value))
        elif key == "kind":
            shown[key] = _KIND_PLURAL.get(str(value), "files")
        elif key == "special":
            shown[key] = _SPECIAL.get(str(value), _SPECIAL["other"])
        elif isinstance(value, Reason):
            shown[key] = english(value)
        else:
            shown[key] = value
    if "count" in args:
        many = args["count"] != 1
        shown["s"] = "s" if many else ""
        shown["ies"] = "ies" if many else "y"
        shown.update(
            folders="folders" if many else "a folder",
            are="are" if many else "is",
            media="images, video or audio" if many else "an image, video or audio",
        )
    return ENGLISH[reason.code].format(**shown)
