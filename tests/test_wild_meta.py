"""Saved pages whose theme mixes its meta (bylines, separators, dates, widgets) with the commenter's words.

Every page in ``tests/fixtures/wild-meta/`` is team-written (invented blogs, commenters and texts) and says
at its top which kind it covers.  The kinds were seen on real pages, in the languages below:

1. the comment's text sits inside the theme's meta block (``div.comment-meta`` that holds the date, the
   name and the text): the meta block is entered, its parts left out, the text kept.

The truth is what a person reading each page would say; it is checked the way ``test_wild_markup`` checks
its pages (ids, parents, author name and URL, the instant to the minute in the site's zone, the plain text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_wild_markup import C, Page, check_author, check_date, check_page, check_parent, check_text, found_in, \
    read_fixture

META = Path(__file__).resolve().parent / "fixtures" / "wild-meta"

PAGES = (
    # ------------------------------------------------------------------ 1. the text inside the meta block
    Page("metabody-de.html", "Europe/Berlin", (
        C("1101", None, "Kerstin Albers", None, "2014-12-29 20:09",
          "„Nebel über dem Wasser“ – genau so sah es gestern auch aus. Die Fähre kam trotzdem pünktlich.",
          kinds="1 div.comment-meta.commentmetadata holds date, name, div.comment-body; 'Profil' cell"),
        C("1102", "1101", "Heiner Vogt", None, "2014-12-30 07:15", "Pünktlich? Das ist neu.", kinds="1; reply"),
        C("1103", None, "Ole", None, "2015-01-02 23:58", "Schönes Foto!",
          kinds="1; '01.02.15' month first, as the page's '12.29.14' shows"),
    )),
    Page("metabody-fr.html", "Europe/Paris", (
        C("2101", None, "Léa Fontaine", "https://cuisine-de-lea.example/", "2016-10-17 09:41",
          "J’ai ajouté une pointe de vanille dans le caramel : succès garanti.",
          kinds="1 footer.comment-meta holds b.fn, the date link, div.texte and the reply link"),
        C("2102", "2101", "Margot", None, "2016-10-17 12:05", "Bonne idée, je la note pour la prochaine fois.",
          kinds="1; reply"),
    )),
    Page("metabody-es.html", "Europe/Madrid", (
        C("3101", None, "Ramón Ibáñez", None, "2017-01-12 18:20",
          "Las habas que planté en noviembre ya asoman. ¿Conviene acolcharlas con paja?",
          kinds="1 div.comment-metadata holds name, date link and bare paragraphs"),
        C("3102", "3101", "Paloma Ruiz", "http://azada-y-sol.example/", "2017-01-13 08:05", "Sí, sobre todo si hiela.",
          kinds="1; linked name; reply"),
    )),
    Page("metabody-nl.html", "Europe/Amsterdam", (
        C("4101", None, "Maarten de Graaf", None, "2015-06-03 21:14",
          "Enkhuizen is ook mijn favoriete haven. Vroeg komen, het is er snel vol.",
          kinds="1 the meta block has a text class too (comment_text) and holds div.comment-body"),
        C("4102", "4101", "Eva", None, "2015-06-04 07:30", "Dank je!", kinds="1; reply"),
    )),
    Page("metabody-it.html", "Europe/Rome", (
        C("5101", None, "Agnese Bruni", None, "2018-02-04 13:02",
          "Tre ore di fuoco lento. Da noi anche quattro, e con un pezzo di cotenna.",
          kinds="1 div.commentmetadata holds cite.fn, the date link, a quote and the text"),
        C("5102", "5101", "Bruno Sala", "https://cucina-lenta.example/", "2018-02-04 18:45",
          "La cotenna è il segreto di mia nonna.", kinds="1; reply"),
    )),
    Page("metabody-pt.html", "America/Sao_Paulo", (
        C("6101", None, "Beatriz Campos", "https://cozinha-da-bia.example/", "2019-05-20 10:15",
          "Troquei metade do polvilho azedo pelo doce e ficaram mais macios.",
          kinds="1 div.comment-meta holds name, date, div.comment-body and the reply link"),
        C("6102", "6101", "Vinícius", None, "2019-05-20 14:40", "Vou testar amanhã.", kinds="1; reply"),
    )),
    Page("metabody-ru.html", "Europe/Moscow", (
        C("7101", None, "Андрей Соколов", None, "2016-03-05 19:20", "Лыжню вчера снова подготовили, катается отлично.",
          kinds="1 div.comment_meta holds the date as loose text, the name and the text"),
        C("7102", "7101", "Мария", None, "2016-03-06 08:45", "Спасибо, поедем в субботу.", kinds="1; reply"),
    )),
)

BY_FILE = {page.file: page for page in PAGES}
CASES = [(page, comment) for page in PAGES for comment in page.comments]


def read(file: str):
    return read_fixture(META / file, BY_FILE[file].tz)


def comment_of(page: Page, truth: C):
    return found_in(read, page, truth)


def case_id(case) -> str:
    page, comment = case
    return f"{page.file.removesuffix('.html')}#{comment.id}"


def test_every_fixture_has_truth():
    on_disk = {p.name for p in META.glob("*.html")}
    assert on_disk == set(BY_FILE), (on_disk ^ set(BY_FILE))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.file.removesuffix(".html"))
def test_page_yields_exactly_its_comments(page: Page):
    check_page(read, page)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_parent(case):
    page, truth = case
    check_parent(comment_of(page, truth), truth)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_author(case):
    page, truth = case
    check_author(comment_of(page, truth), truth)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_date(case):
    page, truth = case
    check_date(comment_of(page, truth), truth, page.tz)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_text(case):
    page, truth = case
    check_text(comment_of(page, truth), truth)
