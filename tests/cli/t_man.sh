# The manual pages are clean under mandoc -Tlint, and document every
# subcommand and setting the program knows.

test_man_pages_lint_clean() {
	for m in "$here"/../../man/*.[1-9]; do
		run mandoc -Tlint -W warning "$m"
		expect_rc 0 || return
	done
}

test_man_documents_every_subcommand() {
	for sub in $("$CENTINELA" --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p'); do
		grep -q "^\.Cm $sub\|^\.It Cm $sub" "$here/../../man/centinela.1" ||
			{ fail "centinela.1 lacks subcommand $sub"; return; }
	done
}

test_man_documents_every_setting() {
	for s in $("$CENTINELA" -c set | sed -n 's/^set \([a-z-]*\) .*/\1/p'); do
		grep -q "^\.It Ic $s" "$here/../../man/centinelarc.5" ||
			{ fail "centinelarc.5 lacks setting $s"; return; }
	done
}
