"""The newsletter box's words (plugins/newsletter/words.py): from the content's Markdown file, else the settings."""

from __future__ import annotations

import pytest
from pelican.settings import DEFAULT_CONFIG

from newsletter.settings import NewsletterSettings
from newsletter.words import read_words


def settings(path, **extra):
    values = dict(DEFAULT_CONFIG, PATH=str(path), **extra)
    NewsletterSettings.apply_defaults(values)
    return values


def test_the_words_come_from_the_content_file(tmp_path):
    (tmp_path / "newsletter.md").write_text(
        "Title: Briefe aus dem Schneideraum\nButton: Ja, bitte\nNote: Jederzeit abbestellbar.\n\n"
        "Einmal im Monat, mit *allem*, was\nschiefging.\n", encoding="utf-8")
    words = read_words(settings(tmp_path, NEWSLETTER_TITLE="ignored"))
    assert (words.title, words.button, words.note) == ("Briefe aus dem Schneideraum", "Ja, bitte", "Jederzeit abbestellbar.")
    assert words.text_html == "<p>Einmal im Monat, mit <em>allem</em>, was\nschiefging.</p>"
    assert words.source_path == str(tmp_path / "newsletter.md")


def test_a_file_without_button_or_note_takes_those_from_the_settings(tmp_path):
    (tmp_path / "letters.md").write_text("Title: Lettres\n\nUne lettre par film.\n", encoding="utf-8")
    words = read_words(settings(tmp_path, NEWSLETTER_PATH="letters.md", NEWSLETTER_NOTE="Sans publicité."))
    assert (words.title, words.button, words.note) == ("Lettres", "Subscribe", "Sans publicité.")


def test_without_the_file_the_settings_words_are_escaped(tmp_path):
    words = read_words(settings(tmp_path, NEWSLETTER_TEXT='Posts & <notes> "by" mail'))
    assert words.source_path is None and words.title == "New posts by email"
    assert words.text_html == "<p>Posts &amp; &lt;notes&gt; &#34;by&#34; mail</p>"
    assert read_words(settings(tmp_path, NEWSLETTER_TEXT="")).text_html == ""


def test_a_file_without_a_title_names_itself(tmp_path):
    (tmp_path / "newsletter.md").write_text("Button: Go\n\nText only.\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"newsletter\.md: .*'Title:'"):
        read_words(settings(tmp_path))
