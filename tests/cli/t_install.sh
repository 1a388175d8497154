# make install and uninstall honour PREFIX and DESTDIR.

test_install_and_uninstall() {
	top="$here/../.."
	run make -C "$top" --no-print-directory FLAVOUR="${FLAVOUR:-default}" \
		install DESTDIR="$T/inst" PREFIX=/opt/c
	expect_rc 0 || return
	for f in bin/centinela share/man/man1/centinela.1 \
		share/man/man5/centinelarc.5 share/man/man7/centinela-api.7; do
		[ -f "$T/inst/opt/c/$f" ] || { fail "missing $f"; return; }
	done
	[ "$(mode "$T/inst/opt/c/bin/centinela")" = 755 ] || fail "binary mode"
	run "$T/inst/opt/c/bin/centinela" --version
	expect_rc 0 || return
	run make -C "$top" --no-print-directory FLAVOUR="${FLAVOUR:-default}" \
		uninstall DESTDIR="$T/inst" PREFIX=/opt/c
	expect_rc 0 || return
	left=$(find "$T/inst" -type f | wc -l)
	[ "$left" = 0 ] || fail "$left files left after uninstall"
}
