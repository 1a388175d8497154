# make install and uninstall honour PREFIX and DESTDIR.

# The default PREFIX: another one would rebuild the binary under test (the
# themes folder is compiled in), so DESTDIR carries the test.
test_install_and_uninstall() {
	top="$here/../.."
	run make -C "$top" --no-print-directory FLAVOUR="${FLAVOUR:-default}" \
		install DESTDIR="$T/inst"
	expect_rc 0 || return
	p="$T/inst/usr/local"
	for f in bin/centinela share/man/man1/centinela.1 \
		share/man/man5/centinelarc.5 share/man/man7/centinela-api.7 \
		share/centinela/themes/default share/centinela/themes/mono; do
		[ -f "$p/$f" ] || { fail "missing $f"; return; }
	done
	[ "$(mode "$p/bin/centinela")" = 755 ] || fail "binary mode"
	run "$p/bin/centinela" --version
	expect_rc 0 || return
	run make -C "$top" --no-print-directory FLAVOUR="${FLAVOUR:-default}" \
		uninstall DESTDIR="$T/inst"
	expect_rc 0 || return
	left=$(find "$T/inst" -type f | wc -l)
	[ "$left" = 0 ] || fail "$left files left after uninstall"
}
