"""Saved pages with the markup real WordPress blogs show in the wild, in many languages.

Every page in ``tests/fixtures/wild/`` is team-written (invented blogs, commenters and texts) and says at
its top which failure kinds it covers:

1. dates in the blog's language (month names of each language, themes that mix languages);
2. numeric dates: day-first, month-first US two-digit years, ``&nbsp;`` between date and time, a page
   whose one date with a first number above 12 fixes the order for all;
3. dates without a year and relative dates inside a Wayback capture, and no-year dates on a saved page
   that carries the post's date;
4. author elements holding more than the name (a whole byline in one ``<cite>``, a badge inside the
   name element, a ``<strong>`` name followed by a bare date and a reply link);
5. author lines mixing name and date or a "says" verb, a "Profile" link beside the name;
6. ISO dates in ``datetime``/``title`` attributes of ``<a>``/``<span>`` beside relative visible text, and a
   placeholder ``datetime="comment_date"`` that is no date;
7. comment text lost or polluted (bare sibling paragraphs, comments with replies, a first paragraph that
   is the name and date line);
8. Thesis ``<dl id="comment_list">`` markup;
9. like, share, rating and report widgets inside the text;
10. a body-classed element (``div.comment-content``, ``div.comment-text``…) that is the frame around the
    comment's name, date and reply links as well as its text;
11. ages ("3 Jahren her", "il y a 2 semaines") on a saved page that is no capture, counted back from the
    moment the page says it was saved or generated, or from the post's last modification;
12. a page that is UTF-8 but for a few bytes in Windows-1252 (stray "é", "ä", "ß", "–").

The truth below is what a person reading each page would say: ids, parents, author name and URL, the
instant to the minute in the site's zone (to the day for relative dates), why a date was inferred, and the
plain text of the body.  The reader is run the way the importer runs it, format-agnostic.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from archived_comments import parsers
from archived_comments.model import COMMENT, PRECISION_MINUTE
from helpers import BERLIN

WILD = Path(__file__).resolve().parent / "fixtures" / "wild"

YEAR_FROM_CAPTURE = "year-from-capture"
YEAR_FROM_POST = "year-from-post"
RELATIVE = "relative-to-capture"
SAVED = "relative-to-saved-page"
MODIFIED = "relative-to-post-modified"


@dataclass(frozen=True)
class C:
    """One comment as a reader of the page sees it."""

    id: str
    parent: str | None
    author: str
    url: str | None
    when: str  # site-local "YYYY-MM-DD HH:MM", "YYYY-MM-DD" where only the day is known (relative), "": none
    text: str
    inferred: str | None = None  # Comment.date_inferred; None when the page printed the date whole
    kinds: str = ""  # the failure kinds this comment exercises, for the failure message
    type: str = COMMENT


@dataclass(frozen=True)
class Page:
    file: str
    tz: str
    comments: tuple[C, ...]


PAGES = (
    # ------------------------------------------------------------------ German
    Page("dates-badge-de.html", "Europe/Berlin", (
        C("101", None, "Jens Kohlhaas", "http://kohlhaas-radelt.example/", "2008-05-26 21:07",
          "Die Strecke über den Pass bin ich letzten Sommer gefahren. Oben gibt es einen kleinen Kiosk "
          "mit sehr gutem Apfelkuchen.", kinds="1 de month; 9 rating + report"),
        C("102", "101", "Martina Berg", "https://bergundrad.example/", "2008-05-27 08:15",
          "Danke für den Tipp! Den Kiosk merke ich mir für die nächste Tour.",
          kinds="4 badge 'Autor'; 9 rating + report"),
        C("103", None, "Ute Wernicke", None, "2009-03-03 23:59",
          "Wie steil ist die letzte Rampe? Mit Gepäck wird es bei mir ab zehn Prozent schwierig.",
          kinds="1 'März'; 5 'NAME sagt:'"),
        C("104", "103", "Martina Berg", "https://bergundrad.example/", "2009-12-14 00:05",
          "Etwa zwölf Prozent auf den letzten 800 Metern. Schieben ist keine Schande!",
          kinds="1 'Dezember'; 4 badge 'Autor'; 9 report"),
        C("105", None, "Bernd Ostermann", None, "2010-07-01 12:30",
          "Im Winter ist die Straße übrigens gesperrt, meistens bis Ende April.",
          kinds="1 'Juli'; 5 'NAME sagt:'; 9 rating + report"),
    )),
    Page("strong-relative-de.html", "Europe/Berlin", (
        C("211", None, "Sabine Krull", None, "2015-03-12 09:41",
          "Wir waren im Februar dort, und der See war komplett zugefroren. Unbedingt warme Schuhe mitnehmen!",
          kinds="1 mixed '12. März 2015 at 9:41'; 4 strong + bare date + 'Antworten'"),
        C("212", "211", "Frank Hoffmann", "https://seenland-wandern.example/", "2015-03-12 18:03",
          "Gut zu wissen, danke! Dann kommen die Spikes mit ins Gepäck.",
          kinds="1 mixed; 4 strong + bare date; 5 'Profil' link"),
        C("213", None, "Ralf Tiedemann", "http://ralf-tiedemann.example/", "2016-03-19 10:12",
          "Ist die Hütte am Ostufer inzwischen wieder bewirtschaftet?",
          kinds="6 <a title=ISO>vor 2 Wochen</a>; 5 'Profil' link"),
        C("214", "213", "Frank Hoffmann", "https://seenland-wandern.example/", "2016-03-30 21:47",
          "Seit Ostern wieder, allerdings nur am Wochenende.",
          kinds="6 <a title=ISO>vor 3 Tagen</a>; 5 'Profil' link"),
    )),
    Page("thesis-de.html", "Europe/Berlin", (
        C("5021", None, "Heike Sommer", "http://heikes-garten.example/", "2011-07-17 13:04",
          "Meine Tomaten sind dieses Jahr alle an der Braunfäule eingegangen. Regen, Regen, Regen. "
          "Hast du die unteren Blätter entfernt oder alles stehen lassen?",
          kinds="8 Thesis dt/dd; 2 '17.07, 2011 @ 13:04'"),
        C("5022", "5021", "Klaus Brenner", "http://gartenzwerg-klaus.example/", "2011-07-18 08:30",
          "Die unteren Blätter kommen bei mir immer weg, sobald die ersten Früchte ansetzen. "
          "Und ein Dach hilft enorm.", kinds="8 Thesis reply in dd > dl.children; 2"),
        C("5023", None, "Doris Ahlers", None, "2011-08-02 22:15",
          "Ein Dach aus alten Fenstern hat bei uns Wunder gewirkt.", kinds="8; 2 '02.08, 2011' = 2 August"),
        C("5024", None, "Peter Lindner", None, "2011-09-13 07:45",
          "Gibt es inzwischen resistente Sorten, die auch schmecken?", kinds="8; 2"),
    )),
    Page("byline-de.html", "Europe/Berlin", (
        C("88", None, "Ingrid Vogt", "http://ingrids-backstube.example/", "2011-07-17 13:10",
          "Ich nehme immer etwas weniger Zucker und dafür eine Prise Zimt. Der Boden bleibt dann schön knusprig.",
          kinds="4 'Kommentar von NAME — DATE @ <a>TIME</a>'; 7 byline last; 2"),
        C("89", None, "Tobias Rehm", None, "2011-07-19 21:45",
          "Kann man den Rhabarber auch einfrieren? Ich habe noch drei Kilo im Garten stehen.",
          kinds="4 byline, unlinked name; 7 two bare paragraphs, byline last; 2"),
        C("90", None, "Anneliese Kurz", None, "2011-08-03 07:30",
          "Heute nachgebacken, die ganze Familie war begeistert!",
          kinds="4 byline; 7 byline last; 2 '03.08, 2011' = 3 August"),
    )),
    Page("wayback-de.html", "Europe/Berlin", (
        C("401", None, "Lena Vogel", "http://gruenzeug.example/", "2016-12-28 21:15",
          "Mein Grünkohl steht noch draußen und wird nach jedem Frost besser.", YEAR_FROM_CAPTURE,
          kinds="3 no year, December after a January capture = year before"),
        C("402", "401", "Jonas Wild", "http://stadtgarten-notizen.example/", "2017-01-01 10:30",
          "Bei mir auch! Nur die Tauben sind inzwischen schneller als ich.", YEAR_FROM_CAPTURE,
          kinds="3 no year '1. Januar um 10:30'"),
        C("403", None, "Mehmet Aydın", None, "2017-01-02",
          "Kann man Feldsalat jetzt noch säen oder ist es zu spät?", RELATIVE, kinds="3 'vor 6 Tagen'"),
        C("404", "403", "Jonas Wild", "http://stadtgarten-notizen.example/", "2017-01-06",
          "Im Frühbeet geht es noch, draußen würde ich bis Februar warten.", RELATIVE,
          kinds="3 'vor 2 Tagen'"),
    )),
    # ------------------------------------------------------------------ French
    Page("badge-fr.html", "Europe/Paris", (
        C("601", None, "Camille Roussel", None, "2015-03-03 09:41",
          "Merci pour ce tutoriel très clair ! J’ai enfin réussi mes premiers macarons.",
          kinds="1 '3 mars 2015 à 9 h 41 min'; 7 has a reply; 9 share block"),
        C("602", "601", "Nathalie Garnier", "https://petite-patisserie.example/", "2015-03-03 14:07",
          "Bravo Camille ! Le croûtage est vraiment l’étape clé.",
          kinds="4 badge 'Auteur' in cite.fn; 1; 9 share block"),
        C("603", None, "Julien Mercier", "http://julienmercier.example/", "2015-10-17 22:30",
          "Faut-il vraiment laisser vieillir les blancs d’œufs ?", kinds="1 'octobre'; 7 has a reply; 9"),
        C("604", "603", "Nathalie Garnier", "https://petite-patisserie.example/", "2015-10-18 08:05",
          "Ce n’est pas obligatoire, mais ça aide à stabiliser la meringue.",
          kinds="4 badge 'Auteur'; 1; 9"),
    )),
    Page("relative-attr-fr.html", "Europe/Paris", (
        C("701", None, "Marie Lenoir", None, "2015-03-03 09:41",
          "Superbe balade, merci pour la carte. Le refuge était fermé quand nous y sommes passés en février.",
          kinds="7 bare paragraphs, meta last; 4 strong + bare date + 'Répondre'; 5 'NAME, DATE'; 1"),
        C("702", None, "Thomas Girard", "http://thomasgirard.example/", "2015-06-14 17:25",
          "Le sentier est-il balisé jusqu’au lac ?",
          kinds="6 <span title=ISO>il y a 3 mois</span>; 7 meta last; 5 'NAME, DATE'"),
        C("703", None, "Émilie Faure", None, "2015-09-01 08:10",
          "Oui, jusqu’au lac, puis ça devient plus sauvage. Prévoyez de bonnes chaussures pour le pierrier.",
          kinds="6 <span title=ISO>il y a 2 semaines</span>; 7 meta last; 5 'NAME, DATE'"),
    )),
    Page("wayback-fr.html", "Europe/Paris", (
        C("801", None, "Claire Dubois", "http://claire-aux-fourneaux.example/", "2013-04-10",
          "Je mets toujours une pincée de fleur de sel dans le caramel, c’est encore meilleur.", RELATIVE,
          kinds="3 'il y a 1 an'; 7 first paragraph is the name/date line; 5 'NAME dit :'; 9 J’aime"),
        C("802", "801", "Hugo Lefèvre", "http://carnets-de-cuisine.example/", "2013-12-10",
          "Excellente idée, je testerai pour la prochaine fournée !", RELATIVE,
          kinds="3 'il y a 4 mois'; 7 first paragraph; 5; 9"),
        C("803", None, "Sébastien Roy", None, "2014-03-27",
          "Quelle variété de pommes conseillez-vous ? Les miennes rendent trop de jus.", RELATIVE,
          kinds="3 'il y a 2 semaines'; 7 first paragraph; 5 'NAME dit :' in one text node; 9"),
        C("804", "803", "Hugo Lefèvre", "http://carnets-de-cuisine.example/", "2014-04-07",
          "Des reinettes, sans hésiter. Elles tiennent bien à la cuisson.", RELATIVE,
          kinds="3 'il y a 3 jours'; 7 first paragraph; 5; 9"),
    )),
    Page("byline-fr.html", "America/Toronto", (
        C("951", None, "Geneviève Tremblay", "http://genevievetremblay.example/", "2015-03-03 09:41",
          "On a fait la cabane à sucre de ton article la fin de semaine passée. Les enfants ont adoré la tire "
          "sur la neige.", kinds="4 'Commentaire de NAME — DATE'; 7 byline last; 1 '3 mars 2015 à 9 h 41'"),
        C("952", None, "Marc-André Gagnon", None, "2015-03-04 21:12",
          "Est-ce qu’il faut réserver pour le repas du dimanche? On serait une douzaine.",
          kinds="4 byline, unlinked name; 7 two bare paragraphs; 1"),
        C("953", None, "Isabelle Côté", None, "2015-03-28 07:55",
          "Merci pour l’adresse, on y retourne l’an prochain!", kinds="4 byline; 7; 1"),
    )),
    # ------------------------------------------------------------------ Spanish
    Page("byline-es.html", "Europe/Madrid", (
        C("1001", None, "Lucía Romero", "http://luciaromero.example/", "2015-03-03 09:41",
          "Qué buena idea lo de tostar las almendras antes. El turrón quedó mucho más aromático.",
          kinds="4 'Comentario de NAME — DATE'; 7 byline first, bare paragraphs; 1 '3 de marzo de 2015 a las 9:41'"),
        C("1002", None, "Pablo Gil", None, "2015-03-03 13:27",
          "¿Se puede sustituir la miel por azúcar moreno? Lo pregunto porque mi hermana es alérgica.",
          kinds="4 byline, unlinked name; 7 byline first; 1"),
        C("1003", None, "Marta Serrano", "http://martaserrano.example/", "2015-12-21 18:02",
          "Lo he hecho este fin de semana para la cena de Navidad y no ha sobrado nada.",
          kinds="4 byline; 7 byline first; 1 'diciembre'"),
    )),
    Page("strong-es.html", "Europe/Madrid", (
        C("1101", None, "Jorge Navarro", None, "2015-03-03 09:41",
          "Llevo años usando esta misma técnica para las macetas del balcón.",
          kinds="4 strong + bare date + 'Responder'; 5 'NAME · DATE'; 7 has replies; 1"),
        C("1102", "1101", "Elena Castro", "https://balcon-verde.example/", "2015-03-03 20:15",
          "¡Qué bien! ¿Qué sustrato utilizas?",
          kinds="4 badge 'Autor' inside the strong; 7 has a reply; 1"),
        C("1103", "1102", "Jorge Navarro", None, "2015-03-04 08:02",
          "Fibra de coco mezclada con un poco de humus de lombriz.", kinds="4 strong; 5 '·'; 1"),
        C("1104", None, "Rocío Delgado", "http://rociodelgado.example/", "2015-07-15 23:40",
          "Mis geranios lo agradecieron muchísimo este verano.", kinds="4 strong > a; 5 '·'; 1 'julio'"),
    )),
    Page("wayback-es.html", "Europe/Madrid", (
        C("1201", None, "Álvaro Méndez", "http://alvaro-camina.example/", "2017-03-22",
          "Hice la subida al Torreón en primavera y las vistas desde arriba son increíbles.", RELATIVE,
          kinds="3 'hace 2 años'; 5 'NAME dice:'; 9 cs-like 'Me gusta'"),
        C("1202", "1201", "Carmen Ortiz", "http://rutasdelsur.example/", "2018-10-22",
          "¡Gracias, Álvaro! Este otoño repetí y había muchísima niebla.", RELATIVE,
          kinds="3 'hace 5 meses'; 5; 9"),
        C("1203", None, "Iñaki Etxeberria", None, "2019-03-01",
          "¿Hace falta pedir permiso para entrar en el pinsapar?", RELATIVE,
          kinds="3 'hace 3 semanas'; 5 'NAME dice:' in one text node; 9"),
        C("1204", "1203", "Carmen Ortiz", "http://rutasdelsur.example/", "2019-03-20",
          "Sí, hay que pedirlo en el centro de visitantes con unos días de antelación.", RELATIVE,
          kinds="3 'hace 2 días'; 5; 9"),
    )),
    # ------------------------------------------------------------------ Dutch
    Page("zegt-nl.html", "Europe/Amsterdam", (
        C("1301", None, "Femke Jansen", None, "2015-03-03 09:41",
          "Wat een mooie route! Wij hebben hem vorig jaar in omgekeerde richting gefietst. "
          "Let wel op: het pontje vaart in de winter alleen in het weekend.",
          kinds="1 '3 maart 2015 om 09:41'; 5 'NAME zegt:' in one text node; 7 replies, no text wrapper"),
        C("1302", "1301", "Joost van Dam", "https://joostfietst.example/", "2015-03-03 12:30",
          "Goede tip, die zet ik er meteen bij!", kinds="5 'Profiel' link + name link; 7 has a reply; 1"),
        C("1303", "1302", "Femke Jansen", None, "2015-03-04 08:15",
          "Graag gedaan. Veel plezier op de fiets!", kinds="5 'zegt:'; 1"),
        C("1304", None, "Sanne Bakker", "http://sannebakker.example/", "2015-10-17 20:05",
          "Is de route ook geschikt voor een bakfiets?", kinds="5 'Profiel' link; 1 'oktober'"),
    )),
    Page("numeric-nl.html", "Europe/Amsterdam", (
        C("1401", None, "Anouk de Vries", None, "2012-05-11 11:38",
          "Ik heb de moestuinbakken ook zelf gebouwd, van oude steigerplanken. Na drie jaar zijn ze nog "
          "steeds prima.", kinds="2 '11.05.2012 11:38'; 5 'NAME · DATE'; 7 meta first, bare paragraphs"),
        C("1402", None, "Bram Visser", "http://bramvisser.example/", "2012-05-11 14:02",
          "Welke houtsoort raad je aan als je geen steigerhout kunt vinden?",
          kinds="2 &nbsp; between date and time; 5 '·' after a name link; 7"),
        C("1403", None, "Lotte Mulder", None, "2012-06-03 09:15",
          "Lariks, die gaat het langst mee zonder behandeling.",
          kinds="2 '03.06.2012' = 3 June (language); 5 '·'; 7"),
    )),
    # ------------------------------------------------------------------ Italian
    Page("badge-it.html", "Europe/Rome", (
        C("1501", None, "Chiara Moretti", "https://chiaramoretti.example/", "2015-03-03 09:41",
          "Ho provato a fare la pasta madre seguendo i tuoi passaggi e dopo una settimana era già attiva!",
          kinds="1 '3 marzo 2015 alle 9:41'; 6 datetime='comment_date' placeholder; 9 share + report"),
        C("1502", "1501", "Paolo Conti", "https://pane-e-tempo.example/", "2015-03-03 11:02",
          "Che bella notizia! Ricordati di rinfrescarla almeno una volta a settimana.",
          kinds="4 badge 'Autore' in cite.fn; 6 placeholder; 9"),
        C("1503", None, "Davide Russo", None, "2015-09-17 22:48",
          "Si può usare la farina integrale fin dall’inizio?",
          kinds="1 'settembre'; 5 'ha detto:'; 6 placeholder; 9"),
    )),
    Page("noyear-post-it.html", "Europe/Rome", (
        C("1601", None, "Giulia Ferri", None, "2018-11-22 18:30",
          "Ricetta perfetta per le serate d’autunno, l’ho già rifatta due volte.", YEAR_FROM_POST,
          kinds="3 no year + <time class='entry-date published'>; 7 first paragraph is 'NAME, DATE'; 5 ','"),
        C("1602", "1601", "Marco Bellini", "https://cucina-di-marco.example/", "2018-11-23 07:50",
          "Grazie Giulia! Prova anche ad aggiungere un po’ di rosmarino.", YEAR_FROM_POST,
          kinds="3 year from post; 7 first paragraph; 5 '<a>NAME</a>, DATE'"),
        C("1603", None, "Francesca Rinaldi", "http://francescarinaldi.example/", "2019-01-03 09:15",
          "La zucca si può sostituire con le patate dolci?", YEAR_FROM_POST,
          kinds="3 'gennaio' is January after the November post: 2019; 7; 5"),
        C("1604", None, "Stefano Galli", None, "2019-02-14 21:05",
          "Fatta ieri sera con le castagne secche: buonissima lo stesso.", YEAR_FROM_POST,
          kinds="3 'febbraio' after the post: 2019; 7; 5 'NAME, DATE' in one text node"),
    )),
    # ------------------------------------------------------------------ Portuguese
    Page("badge-pt.html", "Europe/Lisbon", (
        C("1701", None, "Ana Sousa", None, "2015-03-03 09:41",
          "Fiz a receita com bacalhau demolhado de véspera e ficou perfeita.",
          kinds="1 '3 de março de 2015 às 09:41'; 5 'disse:'; 6 <time datetime='comment_date'>"),
        C("1702", "1701", "Rui Carvalho", "https://mesa-do-rui.example/", "2015-03-03 12:15",
          "Obrigado, Ana! O segredo é mesmo a paciência com a cebola.",
          kinds="4 badge 'Autor' in cite.fn; 6 placeholder; 1"),
        C("1703", None, "Joana Pires", "http://joanapires.example/", "2015-08-28 21:50",
          "Posso usar natas de soja? Cá em casa ninguém come lacticínios.", kinds="1 'agosto'; 6 placeholder"),
        C("1704", "1703", "Rui Carvalho", "https://mesa-do-rui.example/", "2015-08-29 08:05",
          "Pode, sim. Fica um pouco mais leve, mas resulta.", kinds="4 badge 'Autor'; 6 placeholder; 1"),
    )),
    Page("thesis-pt.html", "America/Sao_Paulo", (
        C("1801", None, "Rodrigo Almeida", "http://rodrigo-almeida.example/", "2013-06-03 10:12",
          "Que roteiro incrível! Fiz a parte da nascente do São Francisco no ano passado. "
          "A descida para a Casca d’Anta é puxada, mas vale cada metro.", YEAR_FROM_POST,
          kinds="8 Thesis dt/dd, two paragraphs; 3 no year + article:published_time; 1 'junho'"),
        C("1802", "1801", "Fernanda Lima", "http://fernanda-na-estrada.example/", "2013-06-12 14:05",
          "Vale mesmo! Da próxima vez quero ir pela parte alta.", YEAR_FROM_POST,
          kinds="8 reply in dd > dl.children; 3 year from post"),
        C("1803", None, "Beatriz Nunes", None, "2014-02-02 22:40",
          "Na época das chuvas dá para passar com pneu de estrada?", YEAR_FROM_POST,
          kinds="8; 3 'fevereiro' is before June: the year after the post, 2014"),
    )),
    # ------------------------------------------------------------------ Russian, Japanese
    Page("dates-ru.html", "Europe/Moscow", (
        C("1901", None, "Иван Петров", "http://ivan-petrov.example/", "2015-03-12 09:41",
          "Спасибо за подробный разбор! Как раз собирался менять цепь на своём велосипеде.",
          kinds="1 '12 марта 2015 в 9:41'; 2 &nbsp;; 5 '<a>NAME</a>, DATE'; 6 placeholder; 7 has a reply"),
        C("1902", "1901", "Ольга Смирнова", None, "2015-03-12 14:20",
          "Рада, что пригодилось. Не забудьте проверить и звёздочки.",
          kinds="5 'NAME, DATE' in one text node; 6 placeholder; 7 has a reply; 1"),
        C("1903", "1902", "Иван Петров", "http://ivan-petrov.example/", "2015-03-13 08:05",
          "Проверил — звёздочки тоже пора менять.", kinds="1; 2 &nbsp;; 6 placeholder"),
        C("1904", None, "Алексей Кузнецов", None, "2015-09-01 19:30",
          "А какую смазку вы используете зимой?", kinds="1 'сентября'; 5 'NAME, DATE'; 6 placeholder"),
    )),
    Page("dates-ja.html", "Asia/Tokyo", (
        C("2001", None, "佐藤健", "http://sato-ken.example/", "2015-03-12 09:41",
          "写真がとてもきれいですね。桜の時期にまた行ってみたいです。",
          kinds="1 '2015年3月12日 9:41'; 5 'NAME · DATE'; 7 first paragraph is the name/date line; 9 report"),
        C("2002", "2001", "鈴木由美", "https://yumi-tabi.example/", "2015-03-12 21:03",
          "ありがとうございます！四月の初めがおすすめです。", kinds="1; 5; 7 first paragraph; 9 report"),
        C("2003", None, "高橋誠", None, "2015-04-02 07:15",
          "駐車場は近くにありますか？", kinds="1; 5 'NAME · DATE' in one text node; 7; 9"),
    )),
    # ------------------------------------------------------------------ English
    Page("numeric-en-gb.html", "Europe/London", (
        C("2101", None, "Harriet Pym", None, "2020-06-09 13:53",
          "Lovely write-up. We walked the coast path from the harbour last spring and the sea pinks were "
          "out everywhere. The café at the top was shut, sadly.",
          kinds="2 '09/06/2020 at 1:53 pm' on en-GB = 9 June; 4 strong + bare date + 'Reply'; "
                "7 byline first, bare paragraphs, has a reply"),
        C("2102", "2101", "Callum Frost", "https://callumwalks.example/", "2020-06-10 09:02",
          "It reopened in May, I’m told. Worth the climb for the scones alone.",
          kinds="2 day-first; 4 strong > a + bare date; 7"),
        C("2103", None, "Priya Desai", "http://priyadesai.example/", "2020-07-01 23:30",
          "Is the path suitable for a dog that hates stiles?", kinds="2 '01/07/2020' = 1 July; 4; 7"),
    )),
    Page("numeric-nohint.html", "Europe/London", (
        C("2201", None, "Tom Reilly", "http://tomreilly.example/", "2020-06-03 10:15",
          "Brilliant guide, thanks. The bit about bleeding the radiators from the top floor down saved me a "
          "call-out fee.", kinds="2 '03/06/2020' is 3 June because '25/06/2020' is on the page; "
                                 "5 '<a>NAME</a> on DATE said:'"),
        C("2202", "2201", "Niamh Gallagher", None, "2020-06-25 18:40",
          "Same here! Mine had been gurgling for months.",
          kinds="2 '25/06/2020' fixes day-first; 5 'NAME on DATE said:' in one text node"),
        C("2203", None, "Owen Pritchard", None, "2020-08-07 07:05",
          "Does this work for a combi boiler too?", kinds="2 '07/08/2020' = 7 August; 5 'on DATE said:'"),
    )),
    Page("numeric-en-us.html", "America/New_York", (
        C("2301", None, "Rosa Garza", "http://rgarza.example/", "2014-12-29 20:09",
          "I built this over the holidays and it works great. I swapped the buzzer for an LED because my "
          "cat hated it.", kinds="2 '12.29.14 at 8:09 pm'; 5 'Profile' link in the avatar cell; "
                                 "9 Like + 'Rate this'"),
        C("2302", "2301", "Dale Morrison", "http://tinkerbench.example/", "2015-01-05 07:30",
          "Ha, good call on the LED. The buzzer is pretty obnoxious.",
          kinds="2 '01.05.15' month-first = 5 January; 5 'Profile'; 9"),
        C("2303", None, "Kevin Osei", None, "2015-02-11 23:58",
          "What resistor value did you use for the LED?", kinds="2 '02.11.15&nbsp;at&nbsp;11:58 pm'; 9 Like"),
        C("2304", "2303", "Rosa Garza", "http://rgarza.example/", "2015-02-14 10:20",
          "220 ohms, but anything from 150 to 330 should be fine.",
          kinds="6 <span datetime=ISO>2 weeks ago</span>; 5 'Profile'; 9 Like"),
        C("2305", None, "Dale Morrison", "http://tinkerbench.example/", "2015-02-26 18:03",
          "Update: I added a wiring diagram to the post.",
          kinds="6 <a title=ISO>2 days ago</a>; 5 'Profile'; 9 Like"),
    )),
    Page("thesis-en.html", "America/Chicago", (
        C("2401", None, "Gary Lindholm", "http://garylindholm.example/", "2010-03-12 09:41",
          "We tried the same trick with the garage door spring and it worked a treat. "
          "Just wear gloves, those things bite.", kinds="8 Thesis dt/dd, two paragraphs, comment_num decoy"),
        C("2402", "2401", "Susan Hartley", "http://hartleyfixes.example/", "2010-03-12 13:15",
          "Gloves and safety glasses! Thanks Gary.", kinds="8 reply in dd > dl.children"),
        C("2403", None, "Mike Ferreira", None, "2010-04-02 18:50",
          "Any idea where to buy replacement cables locally? The big box store only had the wrong length.",
          kinds="8 unlinked name, two paragraphs"),
    )),
    Page("byline-en.html", "America/Los_Angeles", (
        C("2501", None, "Gareth Lowe", "http://garethlowe.example/", "2011-07-17 13:10",
          "Great photos. Which lens did you use for the harbour shots?",
          kinds="4 'Comment by NAME — DATE @ <a>TIME</a>'; 7 byline last"),
        C("2502", None, "Ellen Marsh", None, "2011-07-18 08:45",
          "I grew up two streets from that lighthouse. It looks exactly the same, which is oddly comforting.",
          kinds="4 byline, unlinked name; 7 two bare paragraphs, byline last"),
        C("2503", None, "Ruth Adeyemi", "http://ruthadeyemi.example/", "2011-08-02 22:05",
          "The third picture would make a lovely print.", kinds="4 byline; 7 byline last"),
    )),
    Page("wayback-wpcom-en.html", "America/New_York", (
        C("2701", None, "Beth Harlow", "http://bethbakes.example/", "2014-10-12 23:05",
          "My starter died twice before I figured out my kitchen was just too cold.",
          kinds="3 whole date in a capture (not inferred); 9 WordPress.com Like block"),
        C("2702", "2701", "Dana Whitfield", "http://longkitchentable.example/", "2014-10-13 07:20",
          "The oven with just the light on is my secret. Works every time.", kinds="3 whole date; 9 Like"),
        C("2703", None, "Marcus Bell", None, "2015-03-03 21:15",
          "Tried the overnight method this weekend and the crumb was so much more open.", YEAR_FROM_CAPTURE,
          kinds="3 'Mar 3rd at 9:15 pm' takes the capture's year; 9 Like"),
        C("2704", "2703", "Dana Whitfield", "http://longkitchentable.example/", "2015-06-01 07:40",
          "So glad it worked! Did you use the rye or the all-white version?", YEAR_FROM_CAPTURE,
          kinds="3 'Jun 1st at 7:40 am'; 9 Like"),
    )),
    # ------------------------------------------------------------------ comment plugins, frames, meta lines
    Page("wpdiscuz-wayback-de.html", "Europe/Berlin", (
        C("5104", None, "Ömer Şahin", None, "2020-03-10", "Schöne Fotos! Welche Kamera nimmst du?", RELATIVE,
          kinds="wpDiscuz 5; age '50 Minuten 46 Sekunden her' before the capture"),
        C("5101", None, "Paula Krämer", None, "2020-01-10",
          "Ist der Weg auch im Winter gut zu gehen? Wir würden gern mit Kindern wandern.", RELATIVE,
          kinds="wpDiscuz 5 thread div#wc-comm-N_0; '2 Monate her'; label 'Gast' no text"),
        C("5102", "5101", "Bernd Scholl", None, "2020-02-03",
          "Ja, ab Hinterweidenthal ist er gut markiert. Die Hütte hat aber nur am Wochenende offen.", RELATIVE,
          kinds="wpDiscuz reply div#wc-comm-N_P nested; '1 Monat, 1 Woche her'; label 'Admin'"),
        C("5103", "5102", "Jana Roth", None, "2020-03-05",
          "Am Wochenende war der Weg trocken, nur am Teufelstisch lag noch Laub.", RELATIVE,
          kinds="wpDiscuz reply to a reply; '5 Tage her'"),
    )),
    Page("wpdiscuz7-fr.html", "Europe/Paris", (
        C("2201", None, "Élodie Marchand", None, "2019-03-12 09:15",
          "Est-ce trop tôt pour semer les tomates en pleine terre ? Il gèle encore la nuit ici.",
          kinds="wpDiscuz 7 div#wpd-comm-N_0; title date beside 'il y a 3 ans'; label 'Invité'"),
        C("2202", "2201", "Hugo Lefèvre", "https://potager-hugo.example/", "2019-03-13 21:40",
          "Chez moi les tomates semées fin février ont bien levé, sous châssis.",
          kinds="wpDiscuz 7 reply; 'Réponse à NAME' no text; linked name"),
        C("2203", "2202", "Élodie Marchand", None, "2019-03-14 07:05",
          "Merci, je vais essayer le voile d’hivernage.", kinds="wpDiscuz 7 reply to a reply"),
        C("2204", None, "Anaïs Dubreuil", None, "2019-04-02 18:02",
          "Le tableau des semis est parfait, je l’ai imprimé.", kinds="wpDiscuz 7; vote widget no text"),
    )),
    Page("metaline-it.html", "Europe/Rome", (
        C("3101", None, "Gianni_77", None, "2018-10-16 22:48",
          "Finalmente un mercato vicino a casa! Ci sono anche le verdure dell’orto sociale?",
          kinds="date a bare text node in a meta line with links; points counter no name"),
        C("3102", "3101", "Sara B.", None, "2018-10-17 09:05",
          "Il sabato mattina c’è anche il banco del formaggio di capra.",
          kinds="'17/10/2018' settles day first; reply in div.children"),
        C("3103", None, "lucia.ferraro", None, "2018-11-03 13:30", "Prezzi onesti, ci torno di sicuro.",
          kinds="'3/11/2018' read day first by the page's evidence"),
    )),
    Page("frame-es.html", "Europe/Madrid", (
        C("701", None, "Tomás Villalba", None, "2019-04-08 11:38",
          "Los primeros vencejos llegan a principios de abril. Aquí en Cáceres los vimos el día 2, antes que "
          "nunca.", kinds="div.comment-content frames ul.comment-meta + div.comment-text; es date; quote"),
        C("702", "701", "Inés Carrasco", None, "2019-04-08 16:29",
          "Gracias, Tomás. La caja nido del tejado ya está ocupada otra vez.", kinds="frame; reply"),
        C("703", None, "Nuria Peñalver", None, "2019-05-15 20:04", "¿Qué prismáticos recomiendas para empezar?",
          kinds="frame; reply link before the name"),
    )),
    Page("classless-de.html", "Europe/Berlin", (
        C("901", None, "Margarete", None, "2010-12-08 10:56", "Mit Räuchertofu schmeckt sie auch sehr gut.",
          kinds="no classes; 'Kommentar <small>von</small> <cite>' loose words; comment number no text; "
                "a stray Windows-1252 byte elsewhere in a UTF-8 page"),
        C("902", None, "Jürgen K.", "http://juergens-kueche.example/", "2011-03-16 12:22",
          "Welche Linsen nimmst du? Tellerlinsen oder Berglinsen? Bei mir zerfallen sie immer.",
          kinds="'März' must not become 'MÃ¤rz'; class=''"),
        C("905", None, "Linsen vom Markt – Wochenmarkt-Blog", "http://wochenmarkt-blog.example/2011/01/linsen/",
          "2011-01-11 19:02", "[…] eine Linsensuppe wie bei Oma, mit Essig zum Nachwürzen […]",
          kinds="a mention known by its label 'Pingback von'; date in its own permalink", type="pingback"),
    )),
    Page("infoline-nl.html", "Europe/Amsterdam", (
        C("41", None, "Sanne de Vries", "https://trapper.example/", "2016-03-03 14:05",
          "De veerpont bij Kinderdijk vaart tot zes uur. Klopt, maar in de winter maar tot vijf. Goed om te "
          "weten voor wie laat vertrekt.",
          kinds="name only just before the date, at the end; a quote with a link first in the text"),
        C("42", "41", "Pieter Bakker", "https://fietsen-in-de-polder.example/", "2016-03-03 18:40",
          "Dank je, dat pas ik aan in de routebeschrijving.", kinds="name before the date; short text first"),
        C("43", None, "Joost van Dam", None, "2016-03-05 09:12", "Mooie foto van het gemaal!",
          kinds="a theme's comma inside cite.fn; the share bar's li.comment count is no comment"),
    )),
    Page("precision-pt.html", "Europe/Lisbon", (
        C("61", None, "Rita Monteiro", None, "2015-07-05 17:07",
          "O meu manjericão ficou com as folhas amarelas. Será rega a mais?",
          kinds="datetime attribute with the day only, the time in the text; the reply link is no URL"),
        C("62", "61", "Duarte Pires", None, "2015-07-06 09:30", "Provavelmente sim. Deixe secar a terra entre regas.",
          kinds="day-only datetime; reply"),
        C("63", None, "Inês Barros", "http://quintal-da-ines.example/", "2015-08-07 10:25",
          "Também uso borras de café como adubo, funciona bem.",
          kinds="date in the permalink, its time loose after it; two-digit year; meta line last"),
    )),
    # ------------------------------------------------------------------ a body element that is the frame
    Page("frame-header-de.html", "Europe/Berlin", (
        C("6101", None, "Wiebke Harms", "https://krume-und-kruste.example/", "2018-03-14 09:41",
          "Mein Anstellgut steht seit Weihnachten im Kühlschrank und ist immer noch munter. Füttern tue ich es "
          "einmal die Woche mit Roggenvollkorn.",
          kinds="10 div.comment-content > header (no mark) > name, date; bare paragraphs; reply link"),
        C("6102", "6101", "Lars Petersen", None, "2018-03-14 12:07",
          "einmal die Woche Reicht das wirklich? Meiner wird nach fünf Tagen schon grau.",
          kinds="10 frame; a quote first in the text"),
        C("6103", None, "Gül Demir", None, "2018-04-02 20:15", "Klappt das auch mit Dinkel?", kinds="10 frame"),
    )),
    Page("frame-review-fr.html", "Europe/Paris", (
        C("6201", None, "Margaux Lefort", None, "2018-03-14 09:41",
          "Les cannelés sortent enfin avec une croûte bien caramélisée. Il faut juste beurrer les alvéoles à "
          "la cire d’abeille.",
          kinds="10 div.comment-text > star rating + p.meta (author, label, dash, time) + div.description"),
        C("6202", "6201", "Lucie Perrin", None, "2018-03-14 18:02",
          "Merci Margaux ! Le mélange beurre et cire, c’est le secret.", kinds="10 frame; reply"),
        C("6203", None, "Théo Vasseur", None, "2018-04-02 07:30", "Un peu cher, mais il durera toute une vie.",
          kinds="10 frame; datetime holds the minute, the text the day"),
    )),
    Page("frame-list-es.html", "Europe/Madrid", (
        C("6301", None, "Rosario Aguilar", "http://huerto-de-rosario.example/", "2018-03-03 09:41",
          "Yo forré los cajones con plástico de invernadero y aguantan ya tres temporadas. Eso sí, hay que "
          "hacerle agujeros abajo.", kinds="10 div.comment-text > ul.meta-list (li.author, li.date, li.reply) + bare p"),
        C("6302", "6301", "Quique Benítez", None, "2018-03-03 13:20", "¿Y no se pudre la madera por dentro?",
          kinds="10 frame; reply"),
        C("6303", None, "Maite Lozano", None, "2018-04-21 18:05",
          "Las fresas en cajón me han dado más que en la tierra.", kinds="10 frame"),
    )),
    Page("frame-microdata-nl.html", "Europe/Amsterdam", (
        C("6401", None, "Wouter Hendriks", "https://fermenteer.example/", "2018-03-03 09:41",
          "Ik doe er altijd een paar jeneverbessen bij. Na drie weken is hij perfect.",
          kinds="10 div.comment-content > div.comment-byline (itemprop author, time dateCreated) + bare p"),
        C("6402", "6401", "Ilse Verbeek", None, "2018-03-04 20:12", "Jeneverbessen! Die ga ik proberen.",
          kinds="10 frame; microdata"),
        C("6403", None, "Bas Kuijpers", None, "2018-04-11 07:05", "Welk zoutpercentage gebruik je?",
          kinds="10 frame; microdata"),
    )),
    Page("frame-heading-it.html", "Europe/Rome", (
        C("6501", None, "Ettore Marchi", "http://orto-di-ettore.example/", "2018-03-07 21:10",
          "Il vento è il problema vero: io ho legato tutti i vasi alla ringhiera. I pomodori ciliegini però "
          "resistono a tutto.", kinds="10 div.comment-entry > <h4><strong>NAME</strong> <small>DATE</small></h4> + p"),
        C("6502", "6501", "Silvia Greco", None, "2018-03-08 08:02", "Anche i peperoncini, nella mia esperienza.",
          kinds="10 frame, heading with no mark"),
        C("6503", None, "Tommaso Riva", None, "2018-04-15 19:45",
          "Quanto pesa un vaso da quaranta litri pieno di terra bagnata?", kinds="10 frame, heading with no mark"),
    )),
    Page("frame-footer-pt.html", "America/Sao_Paulo", (
        C("6601", None, "Renata Figueiredo", "https://mesa-da-renata.example/", "2018-03-05 14:30",
          "Fiz hoje de manhã com queijo canastra e ficou maravilhoso. Meus filhos comeram tudo antes de esfriar.",
          kinds="10 div.comment-content > p + footer (cite.fn, time, reply): the meta line after the text"),
        C("6602", "6601", "Tatiana Rocha", None, "2018-03-05 20:12",
          "Canastra deve ficar incrível! Vou testar no fim de semana.", kinds="10 frame, meta last"),
        C("6603", None, "Caio Nogueira", None, "2018-04-02 09:05", "Dá para congelar a massa?",
          kinds="10 frame, meta last"),
    )),
    Page("frame-info-ru.html", "Europe/Moscow", (
        C("6701", None, "Ольга Белова", "http://dacha-olgi.example/", "2018-03-12 09:41",
          "Бабушка всегда добавляла клюкву. И обязательно прокалывала капусту палкой каждый день.",
          kinds="10 div.comment-text > div.comment-head (span.author, span.date) + div.text-inner + reply"),
        C("6702", "6701", "Дмитрий Орлов", None, "2018-03-12 13:15", "Палкой — это чтобы газы выходили?",
          kinds="10 frame; reply"),
        C("6703", None, "Наталья Зуева", None, "2018-04-02 19:30", "Сколько соли на три литра?",
          kinds="10 frame"),
    )),
    # ------------------------------------------------------------------ ages on a saved page that is no capture
    Page("wpdiscuz-saved-de.html", "Europe/Berlin", (
        C("7101", None, "Helga Brenner", None, "2017-03-10", "Die Aussicht von der Madenburg ist unschlagbar.", SAVED,
          kinds="11 SingleFile 'saved date:'; '3 Jahren her'; not the older article:modified_time"),
        C("7102", "7101", "Udo Kessler", "https://udos-touren.example/", "2019-03-10",
          "Und die Flammkuchen unten im Ort auch.", SAVED, kinds="11 '1 Jahr her'"),
        C("7103", "7102", "Helga Brenner", None, "2020-02-25", "Welches Lokal meinst du?", SAVED,
          kinds="11 '2 Wochen her'"),
        C("7104", "7103", "Udo Kessler", "https://udos-touren.example/", "2020-03-10",
          "Das am Marktplatz, mit dem großen Kastanienbaum.", SAVED,
          kinds="11 '50 Minuten 46 Sekunden her'; beside its parent, wpd-comm-7104_7103 says whose"),
        C("7105", None, "Aylin Kaya", None, "2020-02-10", "Ist der Weg kinderwagentauglich?", SAVED,
          kinds="11 '1 Monat her'"),
    )),
    Page("wpdiscuz-saved-fr.html", "Europe/Paris", (
        C("7201", None, "Colette Aubry", None, "2017-03-10", "La tonte de gazon séchée fait un paillis parfait.", SAVED,
          kinds="11 HTTrack 'Mirrored from … GMT'; 'il y a 3 ans'"),
        C("7202", "7201", "Bastien Roux", "http://bastien-jardine.example/", "2020-01-10", "Même pour les fraisiers ?",
          SAVED, kinds="11 'il y a 2 mois'; flat thread, wc-comm-7202_7201"),
        C("7203", "7202", "Colette Aubry", None, "2020-03-05", "Surtout pour eux, les fruits restent propres.", SAVED,
          kinds="11 'il y a 5 jours'; flat, wc-comm-7203_7202"),
        C("7204", None, "Inès Moreau", None, "2020-03-10", "Et contre les limaces, une astuce ?", SAVED,
          kinds="11 'il y a 3 heures'; flat, wc-comm-7204_0"),
    )),
    Page("wpdiscuz-saved-es.html", "Europe/Madrid", (
        C("7301", None, "Nieves Arroyo", None, "2017-03-10", "Subimos en junio y aún quedaba nieve en el circo.", SAVED,
          kinds="11 WP Super Cache 'Cached page generated … on'; 'hace 3 años'"),
        C("7302", "7301", "Fermín Cuesta", None, "2020-02-10", "¿Hacían falta crampones?", SAVED,
          kinds="11 'hace 1 mes'"),
        C("7303", None, "Lorena Vidal", "https://lorena-monte.example/", "2020-02-25",
          "El refugio estaba cerrado en invierno.", SAVED, kinds="11 'hace 2 semanas'"),
    )),
    Page("relative-saved-nl.html", "Europe/Amsterdam", (
        C("7401", None, "Jeroen Bosman", None, "2017-03-10", "Ik gebruik al jaren wasolie, de ketting blijft schoon.",
          SAVED, kinds="11 W3 Total Cache 'Served from: … @'; '3 jaar geleden' in core markup"),
        C("7402", "7401", "Marloes Vink", "https://marloes-fietst.example/", "2020-01-10", "Ook in de winter?", SAVED,
          kinds="11 '2 maanden geleden'"),
        C("7403", None, "Ruud Hoekstra", None, "2020-03-05", "Nat werkt bij mij beter in de regen.", SAVED,
          kinds="11 '5 dagen geleden'"),
    )),
    Page("wpdiscuz-modified-it.html", "Europe/Rome", (
        C("7501", None, "Pietro Gallo", None, "2017-03-10", "Ci sono stato prima della frana, era bellissima.",
          MODIFIED, kinds="11 only article:modified_time; '3 anni fa'"),
        C("7502", "7501", "Elisa Fontana", None, "2020-01-10", "Adesso si paga il biglietto?", MODIFIED,
          kinds="11 '2 mesi fa'"),
        C("7503", None, "Marco Sala", "http://marcosala.example/", "2020-03-03", "Meglio andarci al mattino presto.",
          MODIFIED, kinds="11 '1 settimana fa'"),
    )),
    Page("relative-modified-pt.html", "Europe/Lisbon", (
        C("7601", None, "Miguel Esteves", None, "2017-03-10", "Fizemos o percurso em setembro, com as vindimas.",
          MODIFIED, kinds="11 only og:updated_time; 'há 3 anos'"),
        C("7602", "7601", "Inês Barbosa", None, "2020-01-10", "Há sombra pelo caminho?", MODIFIED,
          kinds="11 'há 2 meses'"),
        C("7603", None, "Tiago Moura", "https://tiago-caminha.example/", "2020-03-05", "Os trilhos estão bem marcados.",
          MODIFIED, kinds="11 'há 5 dias'"),
    )),
    Page("wpdiscuz-saved-ru.html", "Europe/Moscow", (
        C("7701", None, "Светлана Ильина", None, "2017-03-10", "Зимой каньон с подсветкой — как в сказке.", SAVED,
          kinds="11 LiteSpeed 'Page generated by LiteSpeed Cache … on'; '3 года назад'"),
        C("7702", "7701", "Игорь Смирнов", None, "2020-01-10", "Подсветка работает каждый день?", SAVED,
          kinds="11 '2 месяца назад'"),
        C("7703", "7702", "Светлана Ильина", None, "2020-03-05", "Только по выходным.", SAVED,
          kinds="11 '5 дней назад'; beside its parent, wpd-comm-7703_7702 says whose"),
    )),
    Page("relative-metadate-en.html", "America/Chicago", (
        C("7801", None, "Darla Jennings", None, "2017-03-10", "Go early, the parking lot fills up by nine.", SAVED,
          kinds="11 <meta http-equiv=date>; '3 years ago'"),
        C("7802", "7801", "Wes Holloway", "http://wesholloway.example/", "2020-01-10", "Even on weekdays?", SAVED,
          kinds="11 '2 months ago'"),
        C("7803", None, "Priya Raman", None, "2020-03-05", "Saw a bison herd near the far ridge!", SAVED,
          kinds="11 '5 days ago'"),
    )),
    # ------------------------------------------------------------------ a page UTF-8 but for a few bytes
    Page("stray-latin1-fr.html", "Europe/Paris", (
        C("8101", None, "Zoé Marchal", "http://zoe-marchal.example/", "2016-02-04 10:05",
          "Très belle recette, j’ai ajouté une pincée de cannelle…",
          kinds="12 stray 0xE9 in the name and the text, 0x85 after a letter"),
        C("8102", "8101", "Hélène Dupré", None, "2016-02-04 18:40", "Merci Zoé, je la referai à Noël.",
          kinds="12 stray 0xE0 before a UTF-8 'ë'"),
    )),
    Page("stray-latin1-de.html", "Europe/Berlin", (
        C("8201", None, "Jörg Weiß", None, "2016-02-12 18:20",
          "Im März säe ich die Tomaten immer auf der Fensterbank aus.", kinds="12 stray 0xF6 and 0xDF in the name"),
        C("8202", "8201", "Käthe Brandt", "http://kaethes-beete.example/", "2016-03-13 07:45",
          "Bei mir klappt das auch, nur die Gurken werden später zu groß.",
          kinds="12 'März' in UTF-8 on a page with strays; stray 0xE4, 0xDF in the text"),
    )),
    Page("stray-latin1-es.html", "Europe/Madrid", (
        C("8301", None, "Begoña Ibáñez", None, "2016-03-03 09:41", "¡Qué rica! La hice con membrillo casero.",
          kinds="12 strays 0xF1, then 0xE1 0xF1 in a row, in the name"),
        C("8302", None, "Andrés Peña", "http://andres-cocina.example/", "2016-03-03 12:05",
          "Con membrillo casero tiene que estar buenísimo.", kinds="12 stray 0xED in the text"),
    )),
    Page("stray-latin1-pt.html", "Europe/Lisbon", (
        C("8401", None, "Conceição Matos", None, "2016-03-05 14:30",
          "Fiz com grão-de-bico cozido em casa e ficou ótimo.", kinds="12 strays 0xE7 0xE3 in the name"),
        C("8402", "8401", "João Gaspar", "http://joaogaspar.example/", "2016-03-05 20:12",
          "Que bom, Conceição! Da próxima vez experimente com coentros.", kinds="12 stray 0xF3 in the text"),
    )),
    Page("stray-latin1-it.html", "Europe/Rome", (
        C("8501", None, "Niccolò Bruni", None, "2016-03-07 21:10",
          "Perché non aggiungere un po’ di scorza d’arancia? In città la trovo sempre.",
          kinds="12 stray 0xF2 in the name"),
        C("8502", None, "Lucia Bassi", "http://luciabassi.example/", "2016-03-08 08:02",
          "Ottima idea, la proverò già domenica.", kinds="12 strays 0xF2, 0xE0 in the text"),
    )),
    Page("stray-latin1-nl.html", "Europe/Amsterdam", (
        C("8601", None, "Noëlle de Wit", None, "2016-03-09 16:25",
          "Wat een leuk idee, ik maak ze voor het café van mijn zus.", kinds="12 stray 0xEB in the name"),
        C("8602", "8601", "Daan Smit", None, "2016-03-10 09:00", "Ze zijn ook lekker met een beetje crème fraîche.",
          kinds="12 strays 0xE8, 0xEE in the text"),
    )),
    Page("stray-cp1252-ru.html", "Europe/Moscow", (
        C("8701", None, "Анна Кузьмина", None, "2016-03-12 09:41",
          "Отличный рецепт – спасибо! Мама называла их «кружевными».",
          kinds="12 Cyrillic UTF-8 page; strays 0x96, 0xAB, 0xBB in the text"),
        C("8702", "8701", "Сергей Пекарев", "http://sergey-pekar.example/", "2016-03-12 13:15",
          "Попробуйте добавить ложку сахара в тесто.", kinds="12 'марта' stays Cyrillic"),
    )),
    Page("stray-latin1-en.html", "America/New_York", (
        C("8801", None, "Renée Fontaine", None, "2016-03-08 19:30",
          "I served it with a crème fraiche and it’s now my go-to brûlée substitute.",
          kinds="12 a mostly-ASCII page: three UTF-8 characters, three stray bytes"),
        C("8802", None, "Tom Whitaker", "http://tombakes.example/", "2016-03-09 08:15",
          "Made it twice this week. No complaints.", kinds="12"),
    )),
)

BY_FILE = {page.file: page for page in PAGES}
CASES = [(page, comment) for page in PAGES for comment in page.comments]


# --------------------------------------------------------------------------- helpers

_BLOCK_TAG_RE = re.compile(
    r"<\s*/?\s*(?:p|div|br|li|ul|ol|blockquote|pre|h[1-6]|table|tr|td|th|dd|dt|dl|section|article|"
    r"header|footer|figure|figcaption|hr|aside)\b[^>]*>",
    re.IGNORECASE,
)
_TAG_RE = re.compile(r"<[^>]*>")


def text_of(fragment: str) -> str:
    """Plain text of an HTML fragment: block tags break words, inline tags do not; whitespace collapsed."""
    text = _TAG_RE.sub("", _BLOCK_TAG_RE.sub(" ", fragment or ""))
    return " ".join(html_lib.unescape(text).replace("\xa0", " ").split())


@lru_cache(maxsize=None)
def read_fixture(path: Path, tz: str):
    """(comments by id, ids in the order read, parser name, problems) for one fixture page."""
    data = path.read_bytes()
    parser = parsers.detect(data[: parsers.HEAD_BYTES])
    assert parser is not None, f"{path.name}: no parser recognises the page"
    result = parser.parse(data, path.name, parsers.ParseContext(tz=ZoneInfo(tz)))
    comments = [c for t in result.threads for c in t.comments]
    by_id = {}
    for c in comments:
        by_id.setdefault(c.id, c)
    return by_id, [c.id for c in comments], parser.NAME, [p.message for p in result.problems]


def read(file: str):
    return read_fixture(WILD / file, BY_FILE[file].tz)


def found_in(read_page, page: Page, truth: C):
    """The comment ``truth`` describes, as ``read_page`` (``read`` or another table's) read it."""
    by_id, ids, _, problems = read_page(page.file)
    found = by_id.get(truth.id)
    assert found is not None, (
        f"{page.file}: comment {truth.id} ({truth.kinds}) was not read; read {ids}; problems: {problems}"
    )
    return found


def comment_of(page: Page, truth: C):
    return found_in(read, page, truth)


def case_id(case) -> str:
    page, comment = case
    return f"{page.file.removesuffix('.html')}#{comment.id}"


# --------------------------------------------------------------------------- tests


def test_every_fixture_has_truth():
    on_disk = {p.name for p in WILD.glob("*.html")}
    assert on_disk == set(BY_FILE), (on_disk ^ set(BY_FILE))


def check_page(read_page, page: Page):
    """The reader finds every comment of the page, once each, and nothing else (no toolbar, widget, form)."""
    by_id, ids, name, problems = read_page(page.file)
    assert name == "html"
    expected = [c.id for c in page.comments]
    assert sorted(ids) == sorted(expected), f"read {ids}, expected {expected}; problems: {problems}"


def check_parent(c, truth: C):
    assert c.type == truth.type, f"[{truth.kinds}] type {c.type!r}"
    assert c.parent == truth.parent, f"[{truth.kinds}] parent {c.parent!r}, expected {truth.parent!r}"


def check_author(c, truth: C):
    assert (c.author, c.author_url) == (truth.author, truth.url), (
        f"[{truth.kinds}] read {(c.author, c.author_url)!r}, expected {(truth.author, truth.url)!r}"
    )


def check_date(c, truth: C, zone: str):
    tz = ZoneInfo(zone)
    if not truth.when:  # the page prints no date for it (a pingback in a list of its own)
        assert c.date is None, f"[{truth.kinds}] {c.date!r}, but the page prints no date"
        return
    assert c.date is not None, f"[{truth.kinds}] no date read (expected {truth.when})"
    assert c.date.tzinfo is not None, f"[{truth.kinds}] naive date {c.date!r}"
    local = c.date.astimezone(tz)
    if len(truth.when) == 10:  # relative, or printed without a time: right to the day
        expected_day = date.fromisoformat(truth.when)
        assert local.date() == expected_day, f"[{truth.kinds}] {local.isoformat()} is not on {expected_day}"
    else:
        expected = datetime.strptime(truth.when, "%Y-%m-%d %H:%M").replace(tzinfo=tz)
        assert local.replace(second=0, microsecond=0) == expected, (
            f"[{truth.kinds}] {local.isoformat()}, expected {expected.isoformat()}"
        )
        assert c.date_precision >= PRECISION_MINUTE, (
            f"[{truth.kinds}] the page prints the minute; precision {c.date_precision}"
        )
    assert c.date_inferred == truth.inferred, (
        f"[{truth.kinds}] date_inferred {c.date_inferred!r}, expected {truth.inferred!r}"
    )


def check_text(c, truth: C):
    read_text = text_of(c.html)
    assert read_text == truth.text, f"[{truth.kinds}] read {read_text!r}, expected {truth.text!r}"


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


def test_an_age_on_a_page_that_is_no_capture_is_reported_as_such():
    """wpDiscuz's "3 Tage her" on a saved page: no moment to count back from, so no date is made up, and the
    report names that cause (not "no readable date"), under its own kind."""
    from archived_comments import report
    from archived_comments.model import Problem

    page = WILD / "wpdiscuz-wayback-de.html"
    text = page.read_text(encoding="utf-8")
    # The same comments as the capture, saved from the live blog: the archive's additions and URL prefix gone.
    from wparchive import pages
    saved, original = pages.unwrap_capture(text)
    assert original and "web.archive.org" not in saved
    result = parsers.detect(saved.encode()).parse(saved.encode(), "saved.html",
                                                  parsers.ParseContext(tz=BERLIN))
    comments = [c for t in result.threads for c in t.comments]
    assert sorted(c.id for c in comments) == ["5101", "5102", "5103", "5104"]
    assert all(c.date is None and c.date_inferred is None for c in comments)
    ages = [p for p in result.problems if "shows only how long ago it was written" in p.message]
    assert len(ages) == 4, [p.message for p in result.problems]
    assert {report.problem_kind(Problem(p.source, p.message, p.line)) for p in ages} == {"relative-date"}


def test_a_stray_windows_1252_byte_in_a_utf8_page_is_reported_and_read_alone():
    _, _, _, problems = read("classless-de.html")
    assert any("holds 1 byte(s) in Windows-1252" in p for p in problems), problems


STRAY_PAGES = [page.file for page in PAGES if page.file.startswith("stray-")]


@pytest.mark.parametrize("file", STRAY_PAGES)
def test_a_page_utf8_but_for_a_few_bytes_says_how_many_and_where_the_first_is(file):
    """Kind 12: the problem counts the bytes that are no UTF-8 (as many as the fixture holds) and points
    at the line of the first."""
    data = (WILD / file).read_bytes()
    lines = data.split(b"\n")
    first = next(number for number, line in enumerate(lines, 1) if _not_utf8(line))
    expected = sum(_stray_bytes(line) for line in lines)
    result = parsers.detect(data[: parsers.HEAD_BYTES]).parse(data, file, parsers.ParseContext(tz=BERLIN))
    (problem,) = [p for p in result.problems if "Windows-1252" in p.message]
    assert f"holds {expected} byte(s) in Windows-1252" in problem.message
    assert problem.line == first


def _not_utf8(line: bytes) -> bool:
    return _stray_bytes(line) > 0


def _stray_bytes(line: bytes) -> int:
    """Bytes of ``line`` that are no UTF-8, counted one by one with the standard decoder."""
    count, rest = 0, line
    while rest:
        try:
            rest.decode("utf-8")
            break
        except UnicodeDecodeError as error:
            count += error.end - error.start
            rest = rest[error.end:]
    return count


STAMP_AT = datetime(2020, 3, 10, 9, 0, tzinfo=BERLIN)


@pytest.mark.parametrize("page, expected", [
    ("<html><head></head><body></body></html>\n<!-- Dynamic page generated in 0.412 seconds. -->\n"
     "<!-- Cached page generated by WP-Super-Cache on 2020-03-10 09:00:00 -->\n", STAMP_AT),
    ("<html><body></body></html>\n<!-- Page generated by LiteSpeed Cache 3.6.4 on 2020-03-10 09:00:00 -->", STAMP_AT),
    ("<html><body></body></html>\n<!--\nPerformance optimized by W3 Total Cache.\n\nServed from: a.example @ "
     "2020-03-10 09:00:00 by W3 Total Cache\n-->", STAMP_AT),
    ("<!DOCTYPE html><html><!--\n Page saved with SingleFile \n url: https://a.example/ \n saved date: Tue Mar 10 "
     "2020 03:00:00 GMT-0500 (Eastern Standard Time)\n--><head></head><body></body></html>", STAMP_AT),
    ("<html><!-- Mirrored from a.example/x/ by HTTrack Website Copier/3.x [XR&CO'2014], Tue, 10 Mar 2020 08:00:00 GMT"
     " --><head></head><body></body></html>", STAMP_AT),
    ('<html><head><meta http-equiv="Date" content="Tue, 10 Mar 2020 08:00:00 GMT"></head><body></body></html>', STAMP_AT),
    ('<html><head><meta content="Tue, 10 Mar 2020 08:00:00 GMT" http-equiv="last-modified"></head></html>', STAMP_AT),
    # A browser's "saved from url" comment names no time; a stamp that is no date is none.
    ("<!-- saved from url=(0022)https://a.example/x/ --><html><head></head><body></body></html>", None),
    ("<html><body></body></html><!-- Cached page generated by WP-Super-Cache on 2020-13-45 09:00:00 -->", None),
    ('<html><head><meta http-equiv="date" content="yesterday"></head></html>', None),
])
def test_the_moment_a_page_says_it_was_made(page, expected):
    """Kind 11: the stamps of cache plugins (site time), save tools and the server's Date header, with
    the tree's head and without (the text alone)."""
    from bs4 import BeautifulSoup
    from wparchive import pages

    assert pages.saved_time(page, BERLIN, BeautifulSoup(page, "lxml").head) == expected
    assert pages.saved_time(page, BERLIN) == expected


def test_an_age_counted_from_the_page_is_named_in_the_report(tmp_path):
    """Kind 11: the report's inferred dates say what the ages were counted back from, with why."""
    import shutil

    from archived_comments import report
    from importing import run_import

    for file in ("wpdiscuz-saved-de.html", "wpdiscuz-modified-it.html"):
        shutil.copy(WILD / file, tmp_path / file)
    text = report.as_text(run_import([tmp_path], base=str(tmp_path), articles=[]))
    assert ("8 date(s) inferred (relative to when the page says it was saved: 5, relative to the post's last "
            "modification (may be early): 3)") in text
    assert "5 × relative to when the page says it was saved: The page printed a relative date and is no " \
           "Wayback capture" in text
    assert "wpdiscuz-modified-it.html" in text and "shows only how long ago" not in text
