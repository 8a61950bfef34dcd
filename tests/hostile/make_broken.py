"""Write the broken archives in ``tests/fixtures/broken/`` (committed; run again after changing this).

    cd tests && ../.venv/bin/python -m hostile.make_broken [FOLDER]

Each file is damaged in one way a real archive is, and ``BROKEN`` says what the import
must make of it: the comments it still holds (``article`` → ids, the intact part) and the
problems the report must give (line where the parser knows it, and a pattern of the
reason).  Comments sit on the sample articles (ids from 9000, so they never merge with the
sample's own), so the site build shows them.  The 20 MB page is not here: the test makes
it in a temporary folder.
"""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from . import archives
from .archives import Entry

FOLDER = Path(__file__).resolve().parent.parent / "fixtures" / "broken"
BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2020, 5, 4, 18, 30, tzinfo=BERLIN)
TEXT = "It\u2019s a caf\u00e9 \u2014 na\u00efve \u201cquotes\u201d cost 5\u20ac"


@dataclass
class Broken:
    name: str
    data: bytes
    comments: dict[str, set[str]] = field(default_factory=dict)  # article slug -> ids imported
    problems: list[tuple[int | None, str]] = field(default_factory=list)  # (line or None, regex)
    texts: dict[str, str] = field(default_factory=dict)  # id -> text its body must show


def url(slug: str) -> str:
    return f"{archives.SITE}/{slug}/"


def when(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def page_entries(ids, fmt=archives.iso_date, text=None) -> list[Entry]:
    return [Entry(str(i), f"Reader {i}", f"<p>{html.escape(text or f'Comment {i} in a broken page.')}</p>",
                  fmt(when(n)), f"https://reader{i}.example/") for n, i in enumerate(ids)]


def xml_entries(ids, date=archives.wp_date, text=None) -> list[Entry]:
    return [Entry(str(i), f"Reader {i}", text or f"Comment {i} in a broken export.", date(when(n)),
                  f"https://reader{i}.example/") for n, i in enumerate(ids)]


def line_of(data: bytes, marker: bytes) -> int:
    return data[: data.index(marker)].count(b"\n") + 1


def wxr_line(data: bytes, comment_id: str, nth: int = 0) -> int:
    """The line of the ``<wp:comment>`` element holding ``comment_id`` (its ``nth`` copy)."""
    at = -1
    for _ in range(nth + 1):
        at = data.index(f"<wp:comment_id>{comment_id}<".encode(), at + 1)
    return data[: data.rindex(b"<wp:comment>", 0, at)].count(b"\n") + 1


def build() -> list[Broken]:
    out: list[Broken] = []

    # Truncated HTML: cut in the middle of comment 9013's opening tag.
    page = archives.html5_page(url("grading-night-exteriors"), page_entries(range(9011, 9015))).encode()
    cut = page[: page.index(b'<li id="comment-9013"') + 12]
    out.append(Broken("truncated-page.html", cut, {"grading-night-exteriors": {"9011", "9012"}},
                      [(cut.count(b"\n") + 1, r"ends at line \d+ without </html>.*cut off")]))

    # Truncated WXR: cut in the middle of a tag of the third comment.
    wxr = archives.wxr([("sound-is-half-the-picture", url("sound-is-half-the-picture"),
                         xml_entries(range(9021, 9025)))]).encode()
    cut = wxr[: wxr.index(b"<wp:comment_author>", wxr.index(b"<wp:comment_id>9023")) + 9]
    # What is left of 9023 (its id) is kept, hidden: an export that does not say it was approved.
    out.append(Broken("truncated.wordpress.xml", cut, {"sound-is-half-the-picture": {"9021", "9022", "9023"}},
                      [(None, r"is damaged XML: .*Recovered what could be read"),
                       (wxr_line(cut, "9023"), r"comment 9023 has no comment_approved; it is kept hidden")]))

    # Truncated Disqus export: cut inside the third post's message.
    dq = archives.disqus([("7700001", url("choosing-a-lens-for-interviews"),
                           xml_entries(range(9031, 9035), archives.disqus_date))]).encode()
    cut = dq[: dq.index(b'<post dsq:id="9033"') + 60]
    # The cut post keeps its id and the start of its text, but not the thread it belongs to.
    out.append(Broken("truncated.disqus.xml", cut, {"choosing-a-lens-for-interviews": {"9031", "9032"}, None: {"9033"}},
                      [(None, r"is damaged XML: .*Recovered what could be read"),
                       (line_of(cut, b'<post dsq:id="9033"'), r"1 post\(s\) in .* name no thread; they are kept"),
                       (line_of(cut, b'<post dsq:id="9033"'), r"Disqus post 9033 has no createdAt")]))

    # A saved page with no charset at all, in Windows-1252.
    page = archives.html5_page(url("financing-a-micro-budget-feature"),
                               page_entries([9041], text=TEXT)).replace('<meta charset="UTF-8">', "")
    out.append(Broken("no-charset-cp1252.html", page.encode("cp1252"),
                      {"financing-a-micro-budget-feature": {"9041"}}, [], {"9041": TEXT}))

    # Says ISO-8859-1, holds Windows-1252 (curly quotes, dash, euro are C1 bytes in Latin-1).
    page = archives.classic_page(url("financing-a-micro-budget-feature"),
                                 page_entries([9042], archives.classic_date, text=TEXT))
    page = page.replace('<meta charset="UTF-8">', '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
    out.append(Broken("latin1-says-so-but-cp1252.html", page.encode("cp1252"),
                      {"financing-a-micro-budget-feature": {"9042"}},
                      [(None, r"1 comment\(s\) held mis-decoded characters")], {"9042": TEXT}))

    # A WXR with a UTF-8 byte order mark.
    wxr = archives.wxr([("building-a-film-emulation-look", url("building-a-film-emulation-look"),
                         xml_entries([9051], text=TEXT))])
    out.append(Broken("bom.wordpress.xml", b"\xef\xbb\xbf" + wxr.encode(),
                      {"building-a-film-emulation-look": {"9051"}}, [], {"9051": TEXT}))

    # A WXR that says UTF-8 but holds Windows-1252 bytes in one comment (a database with mixed encodings).
    wxr = archives.wxr([("building-a-film-emulation-look", url("building-a-film-emulation-look"),
                         xml_entries([9052]) + xml_entries([9053], text=TEXT))]).encode()
    good = TEXT.encode()
    wxr = wxr.replace(good, TEXT.encode("cp1252"))
    out.append(Broken("cp1252-inside-utf8.wordpress.xml", wxr,
                      {"building-a-film-emulation-look": {"9052", "9053"}},
                      [(line_of(wxr, TEXT.encode("cp1252")), r"not valid UTF-8 \(first at line \d+\)")],
                      {"9053": TEXT}))

    # Mojibake: UTF-8 text that was once read as Windows-1252 and saved again as UTF-8.
    # (0x9D, the last byte of the closing quote, has no Windows-1252 character: it stays U+009D.)
    mojibake = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in TEXT.encode("utf-8"))
    dq = archives.disqus([("7700002", url("what-a-festival-rejection-taught-me"),
                           xml_entries([9061], archives.disqus_date, text=mojibake))])
    out.append(Broken("mojibake.disqus.xml", dq.encode(), {"what-a-festival-rejection-taught-me": {"9061"}},
                      [(None, r"1 comment\(s\) held mis-decoded characters.*repaired")], {"9061": TEXT}))

    out.append(Broken("empty.html", b"", {}, [(None, r"the file is empty")]))
    out.append(Broken("whitespace-only.xml", b"\n\n   \r\n\t\n", {}, [(None, r"the file is empty")]))
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    out.append(Broken("binary.dat", png, {}, [(None, r"not a comment archive")]))

    # The same comment id twice in one export, with different text.
    entries = xml_entries([9071, 9072])
    entries.append(Entry("9071", "Reader 9071", "A different text under the same id, much longer than the first one.",
                         archives.wp_date(when(5)), "https://reader9071.example/"))
    wxr = archives.wxr([("our-short-premieres-at-a-regional-festival",
                         url("our-short-premieres-at-a-regional-festival"), entries)]).encode()
    out.append(Broken("duplicate-ids.wordpress.xml", wxr,
                      {"our-short-premieres-at-a-regional-festival": {"9071", "9072"}},
                      [(wxr_line(wxr, "9071", 1), r"comment id 9071 appears twice"),
                       (wxr_line(wxr, "9071"), r"comment 9071 appears 2 times in .* with different content: .*text "
                                               r"\(2 different versions; the longest is shown\)")]))

    # A reply cycle (9081 → 9083 → 9082 → 9081) and a comment that is its own parent.
    entries = xml_entries([9081, 9082, 9083, 9084])
    entries[0].parent, entries[1].parent, entries[2].parent, entries[3].parent = "9083", "9081", "9082", "9084"
    wxr = archives.wxr([("shooting-on-vintage-anamorphic-lenses", url("shooting-on-vintage-anamorphic-lenses"),
                         entries)]).encode()
    out.append(Broken("reply-cycle.wordpress.xml", wxr,
                      {"shooting-on-vintage-anamorphic-lenses": {"9081", "9082", "9083", "9084"}},
                      [(None, r"reply cycle between comments 9081, 9082, 9083: comment 9081 \(the oldest\)"),
                       (None, r"comment 9084 names itself as its parent")]))

    # Comments on posts the new site does not have, on an attachment, and replies to removed comments.
    entries = xml_entries([9091, 9092])
    entries[1].parent = "8999"  # never exported
    gone = xml_entries([9093])
    wxr = archives.wxr([("first-notes-on-generative-previsualisation",
                         url("first-notes-on-generative-previsualisation"), entries),
                        ("a-post-that-was-deleted", f"{archives.SITE}/a-post-that-was-deleted/", gone)])
    out.append(Broken("missing-posts.wordpress.xml", wxr.encode(),
                      {"first-notes-on-generative-previsualisation": {"9091", "9092"}, None: {"9093"}}, []))
    att = archives.wxr([("poster-jpg", f"{archives.SITE}/poster-jpg/", xml_entries([9094]))]).replace(
        "<wp:post_type><![CDATA[post]]></wp:post_type>", "<wp:post_type><![CDATA[attachment]]></wp:post_type>")
    out.append(Broken("attachment.wordpress.xml", att.encode(), {},
                      [(None, r"1 comment\(s\) on a 'attachment' item .* were not imported: only posts and pages are")]))

    # A Disqus export with a deleted thread and posts whose thread is not in the file.
    dq = archives.disqus([("7700003", url("sound-is-half-the-picture"), xml_entries([9101], archives.disqus_date)),
                          ("7700004", url("grading-night-exteriors"), xml_entries([9102], archives.disqus_date))],
                         deleted=frozenset({"7700003"}))
    dq = dq.replace('<thread dsq:id="7700004" />', '<thread dsq:id="7799999" />')
    # drop thread 7700004's definition: its post points to a thread the file does not define
    start = dq.index('<thread dsq:id="7700004">')
    end = dq.index("</thread>", start) + len("</thread>\n")
    dq = dq[:start] + dq[end:]
    data = dq.encode()
    out.append(Broken("deleted-threads.disqus.xml", data,
                      {"sound-is-half-the-picture": {"9101"}, None: {"9102"}},
                      [(line_of(data, b'<thread dsq:id="7700003">'), r"thread 7700003 .* is marked deleted"),
                       (line_of(data, b'<post dsq:id="9102"'), r"belong to Disqus thread 7799999, which is not in the file")]))

    # Dates from the future, unreadable, before the web, and at the end of time, in every format.
    entries = xml_entries([9111, 9112, 9113, 9114, 9115])
    entries[0].date = "2099-01-01 10:00:00"
    entries[1].date = "yesterday at teatime"
    entries[2].date = "1970-01-01 00:00:00"
    entries[3].date = "9999-12-31 23:59:59"
    wxr = archives.wxr([("ai-video-tools-in-a-documentary-edit", url("ai-video-tools-in-a-documentary-edit"),
                         entries)]).encode()
    out.append(Broken("dates.wordpress.xml", wxr,
                      {"ai-video-tools-in-a-documentary-edit": {"9111", "9112", "9113", "9114", "9115"}},
                      [(wxr_line(wxr, "9111"), r"comment 9111 is dated 2099-01-01.*in the future"),
                       (wxr_line(wxr, "9112"), r"comment 9112 has a date that cannot be read"),
                       (wxr_line(wxr, "9113"), r"comment 9113 is dated 1970-01-01.*before 1995"),
                       (wxr_line(wxr, "9114"), r"comment 9114 has a date that cannot be read")]))
    entries = page_entries([9121, 9122, 9123], archives.classic_date)
    entries[0].date = "March 3, 2099 at 10:00 am"
    entries[1].date = "a while ago"
    page = archives.classic_page(url("what-a-festival-rejection-taught-me"), entries).encode()
    out.append(Broken("dates.html", page, {"what-a-festival-rejection-taught-me": {"9121", "9122", "9123"}},
                      [(line_of(page, b'id="li-comment-9121"'), r"comment 9121 is dated 2099-03-03.*in the future"),
                       (line_of(page, b'id="li-comment-9122"'), r"comment 9122 has no readable date")]))
    entries = xml_entries([9131, 9132, 9133], archives.disqus_date)
    entries[0].date = "2099-05-05T05:05:05Z"
    entries[1].date = "not a date <b>at all</b>"
    dq = archives.disqus([("7700005", url("choosing-a-lens-for-interviews"), entries)]).encode()
    out.append(Broken("dates.disqus.xml", dq, {"choosing-a-lens-for-interviews": {"9131", "9132", "9133"}},
                      [(line_of(dq, b'<post dsq:id="9131"'), r"comment 9131 is dated 2099-05-05.*in the future"),
                       (line_of(dq, b'<post dsq:id="9132"'), r"Disqus post 9132 has a createdAt that cannot be read")]))
    return out


def write(folder: Path = FOLDER) -> list[Broken]:
    folder.mkdir(parents=True, exist_ok=True)
    broken = build()
    for item in broken:
        (folder / item.name).write_bytes(item.data)
    return broken


if __name__ == "__main__":
    for item in write(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER):
        print(f"{item.name}: {len(item.data)} bytes")
