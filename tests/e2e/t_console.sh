# The console: lists, details, views, resize, terminal fallbacks.

test_e2e_incident_list_shows() {
	start
	expect 'MX-2026-00014'
	expect 'no sources configured'
	expect 'REFERENCE +SEVERITY +STATUS'
}

test_e2e_j_moves_and_detail_opens() {
	start
	expect 'MX-2026-00014'
	keys j Enter
	expect 'Reference +MX-2026-00013'
	expect 'Timeline'
	keys q
	expect 'REFERENCE +SEVERITY'
	keys q
	expect 'EXITED 0'
}

test_e2e_tab_switches_views() {
	start
	keys Tab
	expect 'TIME +SEVERITY +TLP +TAXONOMY'
	keys Tab
	expect 'CRIT +NAME +KIND'
	keys 4
	expect 'NAME +SECTOR +REGION +OPEN'
	keys 5 Enter
	expect 'Keys'
}

test_e2e_follow_link_and_back() {
	start
	keys Enter
	expect 'Organization'
	# down to the organization link, follow it, come back
	keys j j j j j j j j j j Enter
	expect 'Abuse contact'
	keys q
	expect 'Reference +MX-2026-00014'
}

test_e2e_resize_too_small_and_back() {
	start 80 24
	expect 'MX-2026-00014'
	resize 40 10
	expect 'terminal too small'
	expect 'need 80x24, have 40x10'
	resize 100 30
	expect 'MX-2026-00014'
}

test_e2e_filter_narrows() {
	start
	keys /
	keys -l 'severity:critical'
	expect '[0-9]+ matching'
	keys Enter
	expect_not 'incidents \(4\)' 'MX-2026-00012'
	keys Escape
	expect 'MX-2026-00012'
}

test_e2e_command_prompt_history() {
	start
	keys :
	keys -l 'set default-limit 7'
	expect ':set default-limit 7$'
	keys Enter
	expect_quiet 'unknown|usage'
	keys q
	expect 'EXITED'
	stop
	TMUX_SOCK="${TMUX_SOCK}-again"
	start
	keys : Up
	expect ':set default-limit 7'
	keys Escape
}

test_e2e_dumb_unknown_term_starts() {
	start 100 30 TERM=dumb-unknown
	expect 'MX-2026-00014'
}

test_e2e_escape_sequences_inert() {
	demo_cache
	sqlite3 "$T/cache.db" "UPDATE organization SET name = 'Evil' || char(27) || ']0;pwned' || char(7) || char(27) || '[31mRED' WHERE id = (SELECT MIN(id) FROM organization)"
	# The newest alert: an OSC title, a C1 CSI and a bidi override.
	sqlite3 "$T/cache.db" "UPDATE alert SET title = 'Bad' || char(27) || ']2;owned' || char(7) || char(155) || '2J' || char(8238) || 'fdp.exe' WHERE id = (SELECT id FROM alert ORDER BY observed_at DESC, id DESC LIMIT 1)"
	start
	title_before=$(tm display -p -t 0 '#{pane_title}')
	keys 4
	expect 'Evil\^\[\]0;pwned\^G\^\[\[31mRED'
	tm capture-pane -p -e -t 0 | grep -q "$(printf '\033')\]0;pwned" &&
		fail "a raw escape sequence reached the terminal"
	keys 2
	expect 'Bad\^\[\]2;owned\^G<U\+009B>2J<U\+202E>f'
	keys Enter
	expect 'Bad\^\[\]2;owned'
	[ "$(tm display -p -t 0 '#{pane_title}')" = "$title_before" ] ||
		fail "the pane title changed"
	tm capture-pane -p -e -t 0 | grep -q "owned$(printf '\007')" &&
		fail "a raw BEL reached the terminal"
	true
}

test_e2e_ascii_glyphs_in_c_locale() {
	start 100 30 LC_ALL=C LANG=C
	expect 'cache: .* \| sort'
}

# -c without a subcommand sets the console up, as the config file does,
# and opens it (it used to run the commands and exit at once).
test_e2e_c_without_subcommand_opens_the_console() {
	ARGS="-c 'set notify.severity info' -c 'set incidents.columns \"reference severity\"'"
	start
	expect 'MX-2026-00014'
	expect_not 'REFERENCE +SEVERITY *$' 'REFERENCE +SEVERITY +STATUS'
	keys Q
	expect 'EXITED 0'
}

# same_as_ascii UTF8_FILE C_FILE: the C locale's screen is the UTF-8 one
# in ASCII, cell for cell: letters without their accents, dashes and
# quotes plain, the glyphs the ASCII ones; where UTF-8 draws blocks (the
# dashboard's bars and sparkline) ASCII draws its own marks. Digits are
# not compared (the clock moves between the two runs), their places are.
same_as_ascii() {
	python3 - "$1" "$2" <<'PYEOF' || fail "columns moved in the C locale"
import sys, unicodedata
utf8 = open(sys.argv[1], encoding="utf-8").read().splitlines()
c = open(sys.argv[2], encoding="ascii", errors="replace").read().splitlines()
table = {"\u2014": "-", "\u2013": "-", "\u2026": "~", "\u2502": "|",
         "\u2022": "*", "\u25cf": "*", "\u2018": "'", "\u2019": "'",
         "\u201c": '"', "\u201d": '"'}
def ascii_of(ch):
    if ch in table:
        return table[ch]
    base = unicodedata.normalize("NFD", ch)[0]
    return base if ord(base) < 128 else "?"
bad = 0
for n, (u, a) in enumerate(zip(utf8, c)):
    u = u.replace("\u2192 ", "->")
    want = ""
    for i, ch in enumerate(u):
        if "\u2580" <= ch <= "\u259f":
            want += a[i] if i < len(a) and a[i] in ".:-=+*#@" else "#"
        else:
            want += ascii_of(ch)
    # times move on between the two runs: any digit stands for any
    digits = str.maketrans("0123456789", "0000000000")
    if want.rstrip().translate(digits) != a.rstrip().translate(digits):
        bad += 1
        print("  line %d\n    want %r\n    got  %r" % (n + 1, want, a))
sys.exit(1 if bad or len(utf8) != len(c) or any(ord(ch) > 127 for ch in "".join(c)) else 0)
PYEOF
}

# The same keys in a UTF-8 locale and in the C locale of a jump host:
# the same screens, letter for letter and column for column.
test_e2e_c_locale_keeps_columns() {
	for loc in C.UTF-8 C; do
		TMUX_SOCK="centinela-test-$$-$loc"
		start 100 30 LC_ALL=$loc LANG=$loc
		expect 'MX-2026-00014'
		screen >"$T/list.$loc"
		keys 4
		expect 'NAME +SECTOR'
		screen >"$T/orgs.$loc"
		keys 1 j j j Enter
		expect 'Reference +MX-2026-00011'
		screen >"$T/detail.$loc"
		keys q D
		expect 'Most affected organizations'
		sleep 0.3
		screen >"$T/dash.$loc"
		stop
	done
	grep -q 'Comunicacion con servidor' "$T/list.C" ||
		fail "no transliterated title: $(sed -n 6p "$T/list.C")"
	grep -q 'Agencia Espacial Mexicana - Iguala' "$T/orgs.C" ||
		fail "no transliterated name: $(sed -n 4p "$T/orgs.C")"
	for what in list orgs detail dash; do
		same_as_ascii "$T/$what.C.UTF-8" "$T/$what.C"
	done
}

# A description of several paragraphs at 80x24: wrapped at blanks, read
# to its last words with the detail's keys.
test_e2e_detail_wraps_long_text_80x24() {
	demo_cache
	python3 - "$T/cache.db" <<'PYEOF' || fail "cannot prepare the cache"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
text = ("Primer párrafo: actividad de ransomware detectada en el controlador "
        "de dominio principal; el agente EDR reporta cifrado masivo de "
        "archivos en tres servidores de la subestación eléctrica, con "
        "marcador-uno al final de una línea larga de texto continuo.\n\n"
        "Segundo párrafo: la muestra descarga su carga desde "
        "https://descargas.example.net/a/very/long/path/that/never/ends/"
        "payload-0123456789abcdef0123456789abcdef.bin y marcador-dos.\n\n"
        "Tercer párrafo: se aislaron los equipos, se notificó al CSIRT "
        "sectorial y se preservó la evidencia; últimas palabras del informe.")
db.execute("UPDATE incident SET description = ? WHERE reference = 'MX-2026-00014'", (text,))
db.execute("UPDATE alert SET description = ? WHERE id = (SELECT id FROM alert ORDER BY observed_at DESC, id DESC LIMIT 1)", (text,))
long = ("Centro de Operaciones de Seguridad, guardia nocturna, extensión "
        "4471, correo soc-guardia@example.org; fin del contacto.")
db.execute("UPDATE organization SET contact = ?", (long,))
db.execute("UPDATE asset SET location = ?", (long.replace("contacto", "sitio"),))
db.commit()
PYEOF
	start 80 24
	keys Enter
	expect 'Reference +MX-2026-00014'
	keys G
	expect 'últimas palabras del informe\.$'
	# paragraphs keep their blank line
	screen | grep -B1 '^   Tercer párrafo' | head -n 1 | grep -q '^ *$' ||
		fail "no blank line between paragraphs"
	keys g
	expect 'Reference +MX-2026-00014'
	# half a screen at a time, every part of the text shows: the end of
	# a long line, a word longer than the line (broken at the edge, its
	# rest on the next row)
	url=https://descargas.example.net/a/very/long/path/that/never/ends/payload-0123456789abcdef0123456789abcdef.bin
	seen=
	for i in 1 2 3 4 5 6 7 8; do
		keys C-d
		sleep 0.3
		s=$(screen)
		printf '%s\n' "$s" | grep -q 'continuo\.$' && seen="$seen uno"
		printf '%s' "$s" | tr -d ' \n' | grep -qF "${url}ymarcador-dos." &&
			seen="$seen dos"
	done
	case $seen in *uno*dos*) ;; *) fail "not all the text was shown:$seen" ;; esac
	keys g
	expect 'Reference +MX-2026-00014'
	keys PageDown PageDown
	expect_not 'Linked alerts \([0-9]+\)' 'Reference +MX-2026-00014'
	keys PageUp PageUp
	expect 'Reference +MX-2026-00014'
	keys j k q
	# an alert's description too
	keys 2 Enter
	expect 'Description'
	keys G
	expect 'últimas palabras del informe\.$'
	keys q
	# an organization's and an asset's fields, under their values
	keys 4 Enter
	expect 'Contact +Centro de Operaciones'
	expect '^ {18}extensión 4471'
	expect 'contacto\.$'
	keys q 3 Enter
	expect 'Location +Centro de Operaciones'
	expect '^ {18}extensión 4471'
	expect 'sitio\.$'
	keys q
	# beside the list from 160 columns, wrapped to the right half
	resize 160 40
	keys 1 Enter
	expect 'Reference +MX-2026-00014'
	expect 'marcador-uno'
	expect 'últimas palabras del informe\.$'
}

# A frame goes out in one write(2), not one per cursor movement (ncurses
# 6.4 flushes at each until the screen has been suspended once: ui/term.c
# batch_output): PgDn on the alerts at 200x50 rewrites the whole list.
test_e2e_a_frame_is_one_write() {
	ARGS="--trace-frames $T/trace" start 200 50
	keys Tab
	expect 'TIME +SEVERITY +TLP +TAXONOMY'
	keys NPage
	poll grep -q '^key=338 ' "$T/trace" || fail "no trace line for PgDn"
	line=$(grep '^key=338 ' "$T/trace" | tail -n 1)
	bytes=$(printf '%s\n' "$line" | sed -n 's/.* bytes=\([0-9]*\).*/\1/p')
	writes=$(printf '%s\n' "$line" | sed -n 's/.* writes=\([0-9]*\).*/\1/p')
	[ "${bytes:-0}" -ge 2000 ] || fail "PgDn wrote $bytes bytes, not a page: $line"
	[ "${writes:-99}" -le 2 ] || fail "PgDn took $writes write calls: $line"
}
