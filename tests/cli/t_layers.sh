# contrib/check-layers, run with a root on a copy of the tree: the tree as
# it is passes, and each planted violation (a protocol named outside
# src/feed/, a layer including one above it) fails it, naming the file.

# A copy of the tree's src/ and include/ in $T/tree.
layers_tree() {
	top="$here/../.."
	mkdir -p "$T/tree" &&
		cp -R "$top/src" "$top/include" "$T/tree/"
}

test_layers_rule_passes_the_tree() {
	layers_tree || { fail "copy"; return; }
	run sh "$here/../../contrib/check-layers" "$T/tree"
	expect_rc 0 && expect_out 'check-layers: ok'
}

test_layers_rule_fails_on_an_api_path_outside_feed() {
	layers_tree || { fail "copy"; return; }
	printf 'static const char *p = "/api/v1/incidents";\n' \
		>"$T/tree/src/sync/planted.c"
	run sh "$here/../../contrib/check-layers" "$T/tree"
	expect_rc 1 &&
		expect_err 'src/sync/planted.c:1 names an API path' || return
	# the same line inside the adapter is its business
	mv "$T/tree/src/sync/planted.c" "$T/tree/src/feed/planted.c"
	run sh "$here/../../contrib/check-layers" "$T/tree"
	expect_rc 0
}

test_layers_rule_fails_on_a_driver_named_outside_feed() {
	layers_tree || { fail "copy"; return; }
	printf '\nint f(const char *d) { return strcmp(d, "centinela"); }\n' \
		>>"$T/tree/src/app/source.c"
	run sh "$here/../../contrib/check-layers" "$T/tree"
	expect_rc 1 &&
		expect_err "src/app/source.c:[0-9]+ names driver 'centinela'" ||
		return
	# a resource that shares a driver's name is no driver ("kev")
	printf '\nstatic const char *k = "kev";\n' >"$T/tree/src/cli/planted.c"
	run sh "$here/../../contrib/check-layers" "$T/tree"
	expect_no_out 'planted' && ! grep -q 'planted' "$T/err" ||
		fail "kev taken for a driver"
}

test_layers_rule_fails_on_an_include_upwards() {
	layers_tree || { fail "copy"; return; }
	printf '#include "centinela/sync/engine.h"\n' \
		>"$T/tree/src/store/planted.c"
	run sh "$here/../../contrib/check-layers" "$T/tree"
	expect_rc 1 && expect_err 'src/store/planted.c \(store\) includes sync'
}
