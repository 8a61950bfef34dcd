"""Saved pages whose theme mixes its meta (bylines, separators, dates, widgets) with the commenter's words.

Every page in ``tests/fixtures/wild-meta/`` is team-written (invented blogs, commenters and texts) and says
at its top which kind it covers.  The kinds were seen on real pages, in the languages below:

1. the comment's text sits inside the theme's meta block (``div.comment-meta`` that holds the date, the
   name and the text): the meta block is entered, its parts left out, the text kept;
2. the byline "NAME on DATE said:" in the blog's language ("NAME am DATE sagte:", "NAME le DATE a dit :",
   "NAME el DATE dijo:", "NAME op DATE zei:", …), in one text node or around a date link: the name only;
3. the theme's separator between the name and the date ("·", "|", "—", "/" in an element of its own or
   bare) in a byline block after the text: the byline block is meta as a whole, the separator too;
4. wpDiscuz's read-more widget inside a shortened text (``span#wpdiscuz-readmore-N_P``: "…" and "Read more"
   in the blog's language): a widget, no text;
5. a date printed in two elements, the day in one and the time in the next (two ``span.comment-date``, a
   plain ``<b>`` and ``b.time-info``, a date-only ISO ``title``/``datetime`` beside a printed time, the day as
   loose text and the time alone in the permalink): one date, to the minute; a time alone is never a date
   (nor an age counted back from the page's last modification);
6. the name as a bare text node with the date link after it (``<p>NAME <a class=comment-link>DATE</a></p>``):
   the name is the text before the date;
7. the byline "Posted on DATE | NAME" (the name after the date, in the blog's language: "Geschrieben am DATE
   von NAME", "Publicado el DATE por NAME", "Geplaatst op DATE door NAME"…), in a block that holds the text too;
8. a comma inside the name ("Kowalski, Jan", "Hollis, Dana 07/05/2015 5:07 pm"): the comma is the theme's
   separator only by evidence, a date after it (or after the name element); a name whose comma is followed
   by another part of it, or by a "says" word, keeps it;
9. pingbacks outside core's markup: in a list of their own (Divi's ``ol.pinglist`` of classless items, the
   title link, " - " and WordPress's excerpt), or printed like comments with no class to tell them apart,
   known by WordPress's excerpt "[…] … […]" under the linking post's title: pingbacks, their text the excerpt.

The truth is what a person reading each page would say; it is checked the way ``test_wild_markup`` checks
its pages (ids, parents, author name and URL, the instant to the minute in the site's zone, the plain text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from archived_comments.model import PINGBACK

from test_wild_markup import MODIFIED, C, Page, check_author, check_date, check_page, check_parent, check_text, found_in, \
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
    # ------------------------------------------------------------------ 2. "NAME on DATE said:"
    Page("onsaid-en.html", "America/Los_Angeles", (
        C("8101", None, "Dorian Fletcher", None, "2018-09-12 16:47",
          "Thanks for publishing the full numbers. Could you also show the overhead per project?",
          kinds="2 <strong>NAME</strong> on <a>DATE</a> said: in div.comment-author"),
        C("8102", "8101", "Nadia (Open Ledger)", None, "2018-09-13 09:05",
          "Good idea, Dorian. We will add it to next year’s review.", kinds="2; a name with a parenthesis"),
        C("8103", None, "Al", None, "2018-10-04 23:30", "Very clear, thank you.", kinds="2; a short name"),
    )),
    Page("onsaid-de.html", "Europe/Berlin", (
        C("8201", None, "Gesine Harms", None, "2015-03-12 09:41",
          "Der Damm ist inzwischen wieder begehbar, nur die Brücke fehlt noch.",
          kinds="2 'NAME am DATE sagte:' in one text node"),
        C("8202", "8201", "Till Brandt", "https://moorgaenger.example/", "2015-03-12 18:03",
          "Danke! Dann gehen wir am Sonntag.", kinds="2 '<a>NAME</a> am DATE sagte:'"),
        C("8203", None, "Jo", None, "2015-04-02 07:15", "Gibt es dort Parkplätze?", kinds="2; a short name"),
    )),
    Page("onsaid-fr.html", "Europe/Paris", (
        C("8301", None, "Jean-Yves Le Goff", None, "2015-03-03 09:41",
          "Attention aux grandes marées, le passage sous la falaise est coupé.",
          kinds="2 '<cite><b>NAME</b> le <a>DATE</a> a dit :</cite>'"),
        C("8302", "8301", "Soizic", "https://marche-bretonne.example/", "2015-03-03 14:07",
          "Merci, je vérifierai l’horaire avant de partir.", kinds="2; the name a link"),
    )),
    Page("onsaid-es.html", "Europe/Madrid", (
        C("8401", None, "María José Fuentes", None, "2016-07-14 20:10",
          "En agosto hay muchísima gente; mejor ir en septiembre.", kinds="2 'NAME el <a>DATE</a> dijo:'"),
        C("8402", "8401", "Iker", None, "2016-07-15 08:30", "¿Y el autobús de vuelta funciona todo el año?",
          kinds="2; reply"),
    )),
    Page("onsaid-nl.html", "Europe/Amsterdam", (
        C("8501", None, "Wim van Leeuwen", None, "2017-06-03 21:14",
          "Wij deden het met een gids uit Holwerd, echt een aanrader.", kinds="2 'NAME op DATE zei:' in one text node"),
        C("8502", "8501", "Sanne", None, "2017-06-04 07:30", "Hoe lang van tevoren moest je boeken?", kinds="2; reply"),
    )),
    Page("onsaid-it.html", "Europe/Rome", (
        C("8601", None, "Gian Luca De Santis", None, "2018-08-21 18:30",
          "All’alba non c’è nessuno, ed è uno spettacolo.", kinds="2 'NAME il <a>DATE</a> ha detto:'"),
        C("8602", "8601", "Ada", None, "2018-08-22 07:50", "Confermo, siamo arrivati alle sei.", kinds="2; reply"),
    )),
    Page("onsaid-pt.html", "Europe/Lisbon", (
        C("8701", None, "Maria do Carmo Reis", None, "2019-04-07 16:20",
          "Comecem em Areinho, a descida final é mais suave.", kinds="2 'NAME em DATE disse:' in one text node"),
        C("8702", "8701", "Nuno", None, "2019-04-08 09:05", "Obrigado pela dica!", kinds="2; reply"),
    )),
    Page("onsaid-ru.html", "Europe/Moscow", (
        C("8801", None, "Ольга Некрасова", None, "2015-03-12 09:41",
          "Лёд в этом году толстый, ездили на Ольхон на машине.", kinds="2 '<strong>NAME</strong> <a>DATE</a> написала:'"),
        C("8802", "8801", "Пётр", None, "2015-03-12 14:20", "А трещины не страшно?",
          kinds="2 '<strong>NAME</strong>, <a>DATE</a> сказал:'"),
    )),
    # ------------------------------------------------------------------ 3. a separator between name and date
    Page("separator-de.html", "Europe/Berlin", (
        C("9101", None, "Mareike Jung", "https://bildrausch.example/", "2019-10-19",
          "Wie laut ist der Lüfter, wenn der Export läuft?",
          kinds="3 div.comment_info (name, span.middot, date) after the text; 'Oktober 19, 2019'"),
        C("9102", "9101", "Paul", None, "2019-10-20", "Man hört ihn kaum. Nur beim Rendern von Videos wird er hörbar.",
          kinds="3; reply"),
    )),
    Page("separator-fr.html", "Europe/Paris", (
        C("9201", None, "Hélène Vasseur", None, "2015-10-14 08:12", "Chez nous, rien avant la pluie de la semaine dernière.",
          kinds="3 div.signature (span.nom, a bare '|', date link) after the text"),
        C("9202", "9201", "Rémi", None, "2015-10-15 19:40", "Pareil en Corrèze, et puis d’un coup des paniers entiers.",
          kinds="3; reply"),
    )),
    Page("separator-es.html", "Europe/Madrid", (
        C("9301", None, "Consuelo Marín", "https://horno-de-lena.example/", "2017-02-11 10:20",
          "Me ha salido muy denso. ¿Cuánto tiempo lo dejas fermentar?",
          kinds="3 p.comment-info (name link, ' — ', time) after the text"),
        C("9302", "9301", "Andrés", "https://masa-madre.example/", "2017-02-11 13:05",
          "Unas catorce horas a temperatura ambiente.", kinds="3; reply"),
    )),
    Page("separator-nl.html", "Europe/Amsterdam", (
        C("9401", None, "Ria Smits", None, "2016-05-17 20:45", "Mijn bonen zijn door de slakken opgegeten. Iemand een tip?",
          kinds="3 footer.byline (span.author, span.sep ' / ', span.date) after the text"),
        C("9402", "9401", "Gert-Jan", None, "2016-05-18 09:10", "Een ring van koffiedik helpt bij mij.", kinds="3; reply"),
    )),
    Page("separator-it.html", "Europe/Rome", (
        C("9501", None, "Ludovica Ferraris", None, "2018-04-09 12:40",
          "Con la crescenza invece dello stracchino viene buonissima lo stesso.",
          kinds="3 div.comment-meta-info (cite, span.dot '•', date link) after the text"),
        C("9502", "9501", "Enzo", None, "2018-04-09 15:05", "Grazie, la provo domenica.", kinds="3; reply"),
    )),
    Page("separator-pt.html", "America/Sao_Paulo", (
        C("9601", None, "Luíza Pacheco", None, "2020-01-12 13:30", "Aqui em casa usamos robalo e ficou perfeita.",
          kinds="3 div.comment_info (name, span.traco '–', date) after the text"),
        C("9602", "9601", "Caetano", None, "2020-01-12 18:02", "Robalo é ótimo, mas a tradicional é com badejo.",
          kinds="3 the same block before the text"),
    )),
    Page("separator-ru.html", "Europe/Moscow", (
        C("9701", None, "Вера Голубева", None, "2015-09-12", "Сушёные белые дают самый сильный запах.",
          kinds="3 div.comment_info (name, span.middot, date without a time) after the text"),
        C("9702", "9701", "Глеб", None, "2015-09-13", "А перловку замачиваете заранее?", kinds="3; reply"),
    )),
    # ------------------------------------------------------------------ 4. wpDiscuz's read-more
    Page("readmore-de.html", "Europe/Berlin", (
        C("10401", None, "Friederike Lenz", None, "2015-03-12 09:41", "Im Januar war der Kanal komplett zugefroren, und am Wehr standen",
          kinds="4 span#wpdiscuz-readmore-N_P (hellip, readmore) inside div.wc-comment-text"),
        C("10402", "10401", "Malte", None, "2015-03-12 18:03", "Das Eis war dort aber viel zu dünn.", kinds="4; a whole text, wc-comm-N_P reply"),
    )),
    Page("readmore-fr.html", "Europe/Paris", (
        C("10411", None, "Apolline Meunier", None, "2015-03-12 09:41", "En janvier le canal était entièrement gelé, et près de l’écluse il y avait",
          kinds="4 span#wpdiscuz-readmore-N_P (hellip, readmore) inside div.wc-comment-text"),
        C("10412", "10411", "Gaspard", None, "2015-03-12 18:03", "La glace était bien trop fine à cet endroit.", kinds="4; a whole text, wc-comm-N_P reply"),
    )),
    Page("readmore-es.html", "Europe/Madrid", (
        C("10421", None, "Remedios Cano", None, "2015-03-12 09:41", "En enero el canal estaba helado del todo, y junto a la esclusa había",
          kinds="4 span#wpdiscuz-readmore-N_P (hellip, readmore) inside div.wc-comment-text"),
        C("10422", "10421", "Bruno", None, "2015-03-12 18:03", "El hielo era demasiado fino allí.", kinds="4; a whole text, wc-comm-N_P reply"),
    )),
    Page("readmore-nl.html", "Europe/Amsterdam", (
        C("10431", None, "Marijke Dekker", None, "2015-03-12 09:41", "In januari lag de vaart helemaal dicht, en bij de sluis stonden",
          kinds="4 span#wpdiscuz-readmore-N_P (hellip, readmore) inside div.wc-comment-text"),
        C("10432", "10431", "Thijs", None, "2015-03-12 18:03", "Het ijs was daar veel te dun.", kinds="4; a whole text, wc-comm-N_P reply"),
    )),
    Page("readmore-it.html", "Europe/Rome", (
        C("10441", None, "Ginevra Pellegrini", None, "2015-03-12 09:41", "A gennaio il canale era completamente ghiacciato, e vicino alla chiusa c’erano",
          kinds="4 span#wpdiscuz-readmore-N_P (hellip, readmore) inside div.wc-comment-text"),
        C("10442", "10441", "Carlo", None, "2015-03-12 18:03", "Il ghiaccio lì era troppo sottile.", kinds="4; a whole text, wc-comm-N_P reply"),
    )),
    Page("readmore-pt.html", "Europe/Lisbon", (
        C("10451", None, "Leonor Cardoso", None, "2015-03-12 09:41", "Em janeiro o canal estava todo gelado, e junto à eclusa havia",
          kinds="4 span#wpdiscuz-readmore-N_P (hellip, readmore) inside div.wc-comment-text"),
        C("10452", "10451", "Duarte", None, "2015-03-12 18:03", "O gelo ali era fino demais.", kinds="4; a whole text, wc-comm-N_P reply"),
    )),
    Page("readmore-ru.html", "Europe/Moscow", (
        C("10461", None, "Дарья Лебедева", None, "2015-03-12 09:41", "В январе канал замёрз полностью, и у шлюза стояли",
          kinds="4 span#wpdiscuz-readmore-N_P (hellip, readmore) inside div.wc-comment-text"),
        C("10462", "10461", "Кирилл", None, "2015-03-12 18:03", "Лёд там был слишком тонкий.", kinds="4; a whole text, wc-comm-N_P reply"),
    )),
    # ------------------------------------------------------------------ 5. a date in two elements
    Page("splitdate-de.html", "Europe/Berlin", (
        C("11201", None, "Irmgard Seifert", None, "2020-02-11 09:41", "Werden die Lesesäle während des Umzugs geschlossen?",
          kinds="5 span.comment-date '11. Februar 2020' + span.comment-date ' um 9:41'"),
        C("11202", None, "Hartmut Pohl", "https://lesesaal-blog.example/", "2020-02-18 22:38",
          "Ab März für sechs Wochen, steht auf der Seite des Archivs.",
          kinds="5 <b>18. 02. 2020</b> + b.time-info '22:38' after the text; the day is no text"),
    )),
    Page("splitdate-en.html", "America/New_York", (
        C("11301", None, "Trent Oakes", "https://pixelpusher.example/", "2015-03-11 02:57",
          "Does this fix the stutter on the older tablets too?",
          kinds="5 <abbr title='2015-03-11'>March 11th, 2015</abbr> at 02:57 inside the permalink"),
        C("11302", None, "Wendy Park", None, "2019-08-03 15:12", "Four years on and it still plays everything I throw at it.",
          kinds="5 'said, on August 3, 2019 at <a>3:12 pm</a>'; article:modified_time on the page"),
        C("11303", None, "Lou", None, "2015-06-20 02:41", "Works great on my phone now.", "year-from-post",
          kinds="5 span.comment-date 'Jun 20th' + span.comment-time 'at 2:41 am'; the post's year"),
    )),
    Page("splitdate-fr.html", "Europe/Paris", (
        C("11401", None, "Aurélie Perret", None, "2016-10-17 09:41", "Les exposants doivent-ils s’inscrire avant novembre ?",
          kinds="5 <time datetime='2016-10-17'> + span.heure 'à 9 h 41 min'"),
        C("11402", "11401", "Mathis", None, "2016-10-17 14:05", "Oui, avant le 15, à la mairie.", kinds="5; reply"),
    )),
    Page("splitdate-es.html", "Europe/Madrid", (
        C("11501", None, "Purificación Lara", None, "2016-07-14 20:10", "¿La verbena vuelve a ser en la plaza de abajo?",
          kinds="5 span.comment-date + span.comment-time"),
        C("11502", "11501", "Óscar", None, "2016-07-15 08:30", "Sí, como siempre.", kinds="5; reply"),
    )),
    Page("splitdate-nl.html", "Europe/Amsterdam", (
        C("11601", None, "Hanneke Bos", "https://leesclub-noord.example/", "2019-01-01 00:39",
          "Jouw laatste alinea kan ik volledig onderschrijven. Op naar een nieuw leesjaar!",
          kinds="5 'Reactie van NAME — 2019-01-01 @ <a>00:39</a>'; og:updated_time on the page"),
        C("11602", None, "Kees", None, "2019-01-01 00:45", "Welk boek was je favoriet?", kinds="5; unlinked name"),
    )),
    Page("splitdate-it.html", "Europe/Rome", (
        C("11701", None, "Rosalba Testa", "https://castagneto.example/", "2018-02-04 13:02",
          "Quest’anno c’erano anche i necci, buonissimi.",
          kinds="5 span.data (no mark) '4 febbraio 2018' + b.time-info 'alle 13:02' after the text"),
        C("11702", "11701", "Osvaldo", "https://borgo-antico.example/", "2018-02-04 18:45",
          "Li faceva mia zia, con la ricotta.", kinds="5; reply"),
    )),
    Page("splitdate-pt.html", "America/Sao_Paulo", (
        C("11801", None, "Jussara Prado", None, "2019-05-20 10:15", "Vai ter quadrilha das crianças de novo?",
          kinds="5 <abbr title='2019-05-20'> + ' às ' + <a>10:15</a>"),
        C("11802", "11801", "Anselmo", None, "2019-05-20 14:40", "Vai sim, às cinco da tarde.", kinds="5; reply"),
    )),
    Page("splitdate-ru.html", "Europe/Moscow", (
        C("11901", None, "Галина Орлова", None, "2015-03-12 09:41", "Блины пекли всем подъездом, было весело.",
          kinds="5 span.comment-date '12 марта 2015' + span.comment-date ' в 9:41'"),
        C("11902", "11901", "Тимур", None, "2015-03-12 14:20", "В следующем году позовите и нас.", kinds="5; reply"),
    )),
    # ------------------------------------------------------------------ 6. a bare name, then the date link
    Page("barename-en.html", "America/Chicago", (
        C("12101", None, "jmarlow", None, "2017-05-10", "Rendering the labels in the reader’s language is a great idea.",
          MODIFIED, kinds="6 <p>NAME <a class=comment-link>2 years ago</a></p>; the post's last modification"),
        C("12102", "12101", "t.nguyen", None, "2018-05-10", "Does it work for right-to-left scripts too?", MODIFIED,
          kinds="6; reply in div.children"),
    )),
    Page("barename-de.html", "Europe/Berlin", (
        C("12201", None, "kati_k", None, "2015-03-12 09:41", "Das Haus meiner Großeltern ist darauf noch zu sehen.",
          kinds="6 <p>NAME <a class=comment-link>DATE</a></p>"),
        C("12202", "12201", "Bernd R.", None, "2015-03-12 18:03", "Welche Straße war das?", kinds="6; a name with a dot"),
    )),
    Page("barename-fr.html", "Europe/Paris", (
        C("12301", None, "Bénédicte", None, "2015-03-03 09:41",
          "Mon grand-père disait que la troisième arche avait été refaite après la crue.",
          kinds="6 <div>NAME <small><a>DATE</a></small></div>"),
        C("12302", "12301", "Jean-Marc Roux", None, "2015-03-03 14:07", "Oui, en 1875, on voit encore la différence de pierre.",
          kinds="6; reply"),
    )),
    Page("barename-es.html", "Europe/Madrid", (
        C("12401", None, "Asunción Vidal", None, "2016-07-14 20:10", "Todavía muele una vez al año, en las fiestas.",
          kinds="6 NAME <a>DATE</a> · <a>Responder</a> on one line"),
        C("12402", "12401", "Gonzalo", None, "2016-07-15 08:30", "¿Se puede visitar por dentro?", kinds="6; reply"),
    )),
    Page("barename-nl.html", "Europe/Amsterdam", (
        C("12501", None, "Jeroen van der Berg", None, "2017-06-03 21:14", "De sluiswachter woonde in het huisje ernaast, tot 1960.",
          kinds="6 avatar, NAME, <a>DATE</a> in a div no row knows"),
        C("12502", "12501", "Fenna", None, "2017-06-04 07:30", "Wat leuk om te weten!", kinds="6; reply"),
    )),
    Page("barename-it.html", "Europe/Rome", (
        C("12601", None, "Graziella", None, "2018-08-21 18:30", "In cima si vede fino al mare quando c’è la tramontana.",
          kinds="6 <p>NAME <a class=comment-link>DATE</a></p>"),
        C("12602", "12601", "Pier Paolo Conti", None, "2018-08-22 07:50", "Salita fatta ieri, confermo.",
          kinds="6; a name of three words"),
    )),
    Page("barename-pt.html", "Europe/Lisbon", (
        C("12701", None, "Conceição Amaral", None, "2019-04-07 16:20", "A visita guiada vale mesmo a pena.",
          kinds="6 <h4>NAME <a>DATE</a></h4>"),
        C("12702", "12701", "Tiago", None, "2019-04-08 09:05", "Precisa de marcação?", kinds="6; reply"),
    )),
    Page("barename-ru.html", "Europe/Moscow", (
        C("12801", None, "Людмила Зайцева", None, "2015-03-12 09:41", "Мой прадед работал на этой мельнице.",
          kinds="6 <p>NAME <a class=comment-link>DATE</a></p>"),
        C("12802", "12801", "Егор", None, "2015-03-12 14:20", "А фотографии того времени сохранились?", kinds="6; reply"),
    )),
    # ------------------------------------------------------------------ 7. "Posted on DATE | NAME"
    Page("postedon-en.html", "Europe/London", (
        C("13101", None, "Adaeze Okafor", None, "2023-11-03", "Fair funding has to start in the schools, not at the admissions office.", kinds="7 'Posted on 3rd November 2023' + '| NAME'; the text in the same block"),
        C("13102", "13101", "Rob", None, "2023-11-04", "Agreed, the gap opens at eleven.", kinds="7; reply"),
    )),
    Page("postedon-de.html", "Europe/Berlin", (
        C("13201", None, "Annegret Klose", None, "2023-11-03", "Die Buslinie ist seit dem Umbau deutlich pünktlicher.", kinds="7 'Geschrieben am DATE' + 'von NAME'; the text in the same block"),
        C("13202", "13201", "Fritz", None, "2023-11-04", "Nur sonntags fährt sie zu selten.", kinds="7; reply"),
    )),
    Page("postedon-fr.html", "Europe/Paris", (
        C("13301", None, "Clémence Aubert", None, "2023-11-03", "La nouvelle halle est magnifique, mais le parking est trop petit.", kinds="7 'Publié le DATE' + '| NAME'; the text in the same block"),
        C("13302", "13301", "Yann", None, "2023-11-04", "On peut venir à vélo, il y a des arceaux.", kinds="7; reply"),
    )),
    Page("postedon-es.html", "Europe/Madrid", (
        C("13401", None, "Encarnación Ruiz", None, "2023-11-03", "La biblioteca nueva abre también los domingos por la mañana.", kinds="7 'Publicado el DATE' + 'por NAME'; the text in the same block"),
        C("13402", "13401", "Toni", None, "2023-11-04", "¡Por fin!", kinds="7; reply"),
    )),
    Page("postedon-nl.html", "Europe/Amsterdam", (
        C("13501", None, "Willemijn Kok", None, "2023-11-03", "Het nieuwe fietspad langs de dijk is eindelijk open.", kinds="7 'Geplaatst op DATE' + 'door NAME'; the text in the same block"),
        C("13502", "13501", "Bas", None, "2023-11-04", "En verlicht, dat scheelt in de winter.", kinds="7; reply"),
    )),
    Page("postedon-it.html", "Europe/Rome", (
        C("13601", None, "Benedetta Gallo", None, "2023-11-03", "Il nuovo orario della biblioteca è molto più comodo.", kinds="7 'Pubblicato il DATE' + '| NAME'; the text in the same block"),
        C("13602", "13601", "Nico", None, "2023-11-04", "Anche il sabato pomeriggio, finalmente.", kinds="7; reply"),
    )),
    Page("postedon-pt.html", "Europe/Lisbon", (
        C("13701", None, "Madalena Sequeira", None, "2023-11-03", "O novo jardim ficou lindo, mas faltam bancos à sombra.", kinds="7 'Publicado em DATE' + 'por NAME'; the text in the same block"),
        C("13702", "13701", "Rui", None, "2023-11-04", "Já pedimos à junta.", kinds="7; reply"),
    )),
    Page("postedon-ru.html", "Europe/Moscow", (
        C("13801", None, "Зинаида Кравец", None, "2023-11-03", "Новый сквер получился уютным, только фонарей мало.", kinds="7 'Опубликовано DATE' + '| NAME'; the text in the same block"),
        C("13802", "13801", "Глеб", None, "2023-11-04", "Обещали поставить ещё весной.", kinds="7; reply"),
    )),
    # ------------------------------------------------------------------ 8. a comma inside the name
    Page("comma-de.html", "Europe/Berlin", (
        C("14101", None, "Kowalski, Jan", None, "2015-07-05 17:07", "Das Grün an der Sieben ist viel zu schnell.",
          kinds="8 'Kowalski, Jan <span><a><time>' loose in the author box"),
        C("14102", None, "Ute Brandt", None, "2015-07-06 09:30", "Am Wochenende wurde es gemäht, jetzt geht es.",
          kinds="8 <cite class=fn>NAME, </cite> just before the date: the theme's comma"),
    )),
    Page("comma-en.html", "America/New_York", (
        C("14201", None, "Hollis, Dana", None, "2015-07-05 17:07", "Congratulations to the juniors, what a final round.",
          kinds="8 'Hollis, Dana 07/05/2015 5:07 pm' in one text node"),
        C("14202", None, "Marguerite", None, "2015-07-06 09:30", "Will the results be posted at the clubhouse too?",
          kinds="8 'NAME, July 6, 2015 at 9:30 am': the comma before a month-first date is the theme's"),
    )),
    Page("comma-fr.html", "Europe/Paris", (
        C("14301", None, "Dupont, Marie-Claire", None, "2015-07-05 17:07", "La terrasse est superbe, bravo.",
          kinds="8 b.fn 'LAST, FIRST' + 'dit :'"),
    )),
    Page("comma-es.html", "Europe/Madrid", (
        C("14401", None, "García, Lucía", None, "2015-07-05 17:07", "¿Hay bolas de alquiler?",
          kinds="8 <cite class=fn>LAST, FIRST, </cite><a><time>"),
    )),
    Page("comma-nl.html", "Europe/Amsterdam", (
        C("14501", None, "Jansen, Piet", None, "2015-07-05 17:07", "Eindelijk overdekte afslagplaatsen.",
          kinds="8 'Jansen, Piet 05-07-2015 17:07' in one text node"),
    )),
    Page("comma-it.html", "Europe/Rome", (
        C("14601", None, "Rossi,", None, "2015-07-05 17:07", "Ci sarò anche l’anno prossimo.",
          kinds="8 <cite class=fn>NAME,</cite> <span class=says>: no date after it, the comma is the commenter's"),
    )),
    Page("comma-pt.html", "Europe/Lisbon", (
        C("14701", None, "Reis, Joana", None, "2019-04-07 16:20", "Parabéns à organização!",
          kinds="8 'LAST, FIRST, DATE' in one text node"),
    )),
    Page("comma-ru.html", "Europe/Moscow", (
        C("14801", None, "Петров, Иван", None, "2015-07-05 17:07", "Газон отличный, спасибо за фотографии.",
          kinds="8 'Петров, Иван 05.07.2015 в 17:07' in one text node"),
    )),
    # ------------------------------------------------------------------ 9. pingbacks outside core's markup
    Page("pings-de.html", "Europe/Berlin", (
        C("15101", None, "Sabine Thiel", None, "2017-06-09 13:22", "Sehr gut auf den Punkt gebracht.", kinds="9 a comment"),
        C("15102", None, "Lesetipps der Woche | Feuilleton am Fluss", "https://feuilleton-am-fluss.example/2017/06/lesetipps/",
          "", "[…] schöne Zusammenfassung zur Pressefreiheit hier […]", kinds="9 ol.pinglist > li#comment-N, no class",
          type=PINGBACK),
    )),
    Page("pings-fr.html", "Europe/Paris", (
        C("15201", None, "Odile Marchal", None, "2017-06-09 13:22", "Merci pour cet éclairage.", kinds="9 a comment"),
        C("15202", None, "Revue de presse | Le Kiosque", "https://le-kiosque.example/2017/06/revue/", "",
          "[…] un article très clair sur la liberté de la presse […]", kinds="9 ol.pinglist", type=PINGBACK),
    )),
    Page("pings-it.html", "Europe/Rome", (
        C("15301", None, "Ottavio Neri", None, "2017-06-09 13:22", "Molto chiaro, grazie.", kinds="9 a comment"),
        C("15302", None, "Letture della settimana | L’edicola", "https://ledicola.example/2017/06/letture/", "",
          "[…] un riassunto chiaro sulla libertà di stampa […]", kinds="9 ol.pinglist", type=PINGBACK),
    )),
    Page("pings-es.html", "Europe/Madrid", (
        C("15401", None, "Clemente Soria", None, "2009-08-07 10:25", "¿A qué hora cierra el puesto de pescado?",
          kinds="9 a comment, no class; 'a las' after the date link"),
        C("15402", None, "Lecturas de julio | Cuaderno de bitácora", "https://bitacora.example/2009/08/lecturas/",
          "2009-08-07 10:25", "[…] el mercado de abastos abre también los domingos. […]",
          kinds="9 a pingback known by its excerpt and its linked title", type=PINGBACK),
    )),
    Page("pings-nl.html", "Europe/Amsterdam", (
        C("15411", None, "Lieke Vos", None, "2009-08-07 10:25", "Tot hoe laat staat de viskraam er?", kinds="9 a comment"),
        C("15412", None, "Weekoverzicht 32 | Stadsblog", "https://stadsblog.example/2009/08/week-32/", "2009-08-07 10:25",
          "[…] de markt is sinds deze maand ook op zondag open. […]", kinds="9 a pingback known by its excerpt",
          type=PINGBACK),
    )),
    Page("pings-pt.html", "Europe/Lisbon", (
        C("15421", None, "Amélia Faria", None, "2009-08-07 10:25", "A que horas fecha a banca do peixe?", kinds="9 a comment"),
        C("15422", None, "Leituras de agosto | Caderno", "https://caderno.example/2009/08/leituras/", "2009-08-07 10:25",
          "[…] o mercado abre agora também ao domingo. […]", kinds="9 a pingback known by its excerpt", type=PINGBACK),
    )),
    Page("pings-ru.html", "Europe/Moscow", (
        C("15431", None, "Тамара Белова", None, "2009-08-07 10:25", "До которого часа работает рыбный ряд?",
          kinds="9 a comment"),
        C("15432", None, "Чтение недели | Городские заметки", "https://gorodskie-zametki.example/2009/08/chtenie/",
          "2009-08-07 10:25", "[…] рынок теперь работает и по воскресеньям. […]", kinds="9 a pingback known by its excerpt",
          type=PINGBACK),
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
