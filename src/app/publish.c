/*
 * The CSAF provider directory: see include/centinela/app/publish.h.
 *
 * Two phases. The first reads the bulletins to publish and renders each
 * document in memory (against the file already on disk, for its
 * generator date); any failure there leaves DIR untouched. The second
 * writes what differs, deletes the documents no bulletin publishes any
 * more, and then renders and writes each TLP folder's index.txt,
 * changes.csv and ROLIE feed, and provider-metadata.json.
 */
#include "centinela/app/publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/hash.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/export/csaf.h"
#include "centinela/export/csaf_dir.h"
#include "centinela/net/http.h"
#include "centinela/store/bulletin.h"
#include "centinela/store/list.h"

#define FILE_MAX      ((size_t)64 << 20) /* an existing file read to compare */
#define PAGE_ROWS     200                /* bulletins read per page */
#define SOURCE_OTHERS "csaf:"            /* other providers' advisories */

static const enum tlp folder_tlp[PUBLISH_FOLDERS] = {TLP_CLEAR, TLP_GREEN,
                                                     TLP_AMBER};

/* One document to publish. */
struct doc {
	int folder;        /* index in folder_tlp */
	char *id;          /* tracking id: the bulletin's reference */
	char *title;       /* document title */
	char *summary;     /* summary note, NULL: none */
	char *name;        /* "<name>.json" */
	char *path;        /* "YYYY/<name>.json", inside the folder */
	int64_t published; /* initial_release_date */
	int64_t updated;   /* current_release_date */
	char *bytes;       /* the document as it is to be on disk */
	size_t len;        /* its length */
	bool is_changed;   /* differs from the file on disk (or none) */
};

struct job {
	struct app *app;
	const char *dir;           /* DIR (borrowed) */
	struct csaf_dir_site site; /* base URL (owned) and publisher */
	struct csaf_publisher pub; /* borrowed from app */
	int64_t now;
	struct doc *docs;
	size_t n_docs;
	struct publish_result *r;
};

static void
doc_release(struct doc *d)
{
	free(d->id);
	free(d->title);
	free(d->summary);
	free(d->name);
	free(d->path);
	free(d->bytes);
}

/* ---- files ---- */

/*
 * Read path into *buf (owned, NUL after the last byte): 0, ERR_NOTFOUND
 * when there is no such file (a symbolic link counts as none: the rename
 * that replaces it writes no byte through it), ERR_IO otherwise.
 */
static int
read_existing(const char *path, char **buf, size_t *len, struct err *e)
{
	struct stat st;
	size_t got = 0;
	int fd;

	*buf = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		/* ENOTDIR: a file where a folder goes, which making the
		 * folder reports */
		if (errno == ENOENT || errno == ELOOP || errno == ENOTDIR)
			return ERR_NOTFOUND;
		return err_set(e, ERR_IO, "cannot read '%s': %s", path,
		               strerror(errno));
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size > FILE_MAX) {
		close(fd);
		return err_set(e, ERR_IO,
		               "'%s' is in the way: not a file of at most %zu "
		               "bytes (move it out of the provider directory)",
		               path, FILE_MAX);
	}
	*buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, *buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	(*buf)[got] = '\0';
	*len = got;
	return 0;
}

/* Write bytes to path through a temporary file in its folder and a
 * rename, mode 0644 (the directory is served by a web server). */
static int
write_atomic(const char *path, const char *bytes, size_t len, struct err *e)
{
	const char *slash = strrchr(path, '/');
	char *tmp = slash ? xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path),
	                              path, slash + 1)
	                  : xasprintf(".%s.XXXXXX", path);
	size_t done = 0;
	int fd = mkstemp(tmp), rc = 0;

	if (fd < 0) {
		rc = err_set(e, ERR_IO, "cannot write '%s': %s", path,
		             strerror(errno));
		free(tmp);
		return rc;
	}
	while (done < len) {
		ssize_t n = write(fd, bytes + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		done += (size_t)n;
	}
	if (done < len || fchmod(fd, 0644) || fsync(fd))
		rc = err_set(e, ERR_IO, "cannot write '%s': %s", path,
		             strerror(errno));
	if (close(fd) && !rc)
		rc = err_set(e, ERR_IO, "cannot write '%s': %s", path,
		             strerror(errno));
	if (!rc && rename(tmp, path))
		rc = err_set(e, ERR_IO, "cannot write '%s': %s", path,
		             strerror(errno));
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* Make path hold bytes, writing only when it does not already:
 * *written says whether it did. */
static int
put_file(const char *path, const char *bytes, size_t len, bool *written,
         struct err *e)
{
	char *old;
	size_t old_len;
	int rc = read_existing(path, &old, &old_len, e);

	*written = false;
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	if (!rc && old_len == len && memcmp(old, bytes, len) == 0) {
		free(old);
		return 0;
	}
	free(old);
	if ((rc = write_atomic(path, bytes, len, e)))
		return rc;
	*written = true;
	return 0;
}

/* ---- rendering against the file on disk ---- */

/* Something that renders a file whose text states the time stamp. */
struct renderer {
	int (*render)(FILE *f, const void *ctx, int64_t stamp, struct err *e);
	const void *ctx;
};

static int
render_mem(const struct renderer *rd, int64_t stamp, char **out, size_t *len,
           struct err *e)
{
	FILE *f = open_memstream(out, len);
	int rc;

	if (!f)
		return err_set(e, ERR_IO, "cannot render in memory: %s",
		               strerror(errno));
	rc = rd->render(f, rd->ctx, stamp, e);
	if (fclose(f) && !rc)
		rc = err_set(e, ERR_IO, "cannot render in memory: %s",
		             strerror(errno));
	if (rc) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

/*
 * Render the file at path: with the time the file on disk states when
 * that gives its very bytes (*changed false), else with now (*changed
 * true). *out owned.
 */
static int
render_file(const struct renderer *rd, const char *path, int64_t now,
            char **out, size_t *len, bool *changed, struct err *e)
{
	char *old;
	size_t old_len;
	int64_t stamp;
	int rc = read_existing(path, &old, &old_len, e);

	*out = NULL;
	*changed = true;
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	if (!rc && csaf_dir_stamp(old, old_len, &stamp) == 0) {
		if ((rc = render_mem(rd, stamp, out, len, e))) {
			free(old);
			return rc;
		}
		if (old && *out && *len == old_len &&
		    memcmp(*out, old, old_len) == 0) {
			free(old);
			*changed = false;
			return 0;
		}
		free(*out);
		*out = NULL;
	}
	free(old);
	return render_mem(rd, now, out, len, e);
}

/* ---- phase 1: the documents ---- */

struct doc_ctx {
	const struct bulletin *b;
	const struct csaf_publisher *pub;
};

static int
render_doc(FILE *f, const void *ctx, int64_t stamp, struct err *e)
{
	const struct doc_ctx *c = ctx;

	return export_csaf(f, c->b, c->pub, stamp, e);
}

/* Which folder b goes to, or -1 (counted in r) when it stays out. */
static int
folder_of(const struct bulletin *b, const struct publish_opts *o,
          struct publish_result *r)
{
	if (b->meta.source &&
	    strncmp(b->meta.source, SOURCE_OTHERS, strlen(SOURCE_OTHERS)) == 0)
		return -1;
	if (b->status == BULLETIN_DRAFT) {
		r->drafts++;
		return -1;
	}
	switch (b->tlp) {
	case TLP_CLEAR:
		return 0;
	case TLP_GREEN:
		return 1;
	case TLP_AMBER:
		if (o->is_amber)
			return 2;
		r->amber++;
		return -1;
	default: /* RED, AMBER+STRICT */
		r->red++;
		return -1;
	}
}

static int
add_doc(struct job *j, const struct bulletin *b, int folder, struct err *e)
{
	struct doc d;
	struct doc_ctx ctx = {b, &j->pub};
	struct renderer rd = {render_doc, &ctx};
	char *full;
	int year, rc;

	memset(&d, 0, sizeof(d));
	d.folder = folder;
	d.name = csaf_dir_filename(b->reference);
	d.published = csaf_initial_release(b);
	d.updated = csaf_current_release(b);
	year = time_year_utc(d.published);
	if (!d.name || year < 1000 || year > 9999) {
		free(d.name);
		return err_set(e, ERR_INVALID,
		               "cannot publish bulletin %lld: no reference or "
		               "no release date",
		               (long long)b->meta.id);
	}
	d.path = xasprintf("%04d/%s", year, d.name);
	for (size_t i = 0; i < j->n_docs; i++)
		if (j->docs[i].folder == folder &&
		    strcmp(j->docs[i].path, d.path) == 0) {
			rc = err_set(e, ERR_CONFLICT,
			             "bulletins '%s' and '%s' would both be "
			             "published as '%s/%s': rename one",
			             j->docs[i].id, b->reference,
			             csaf_dir_folder(folder_tlp[folder]),
			             d.path);
			doc_release(&d);
			return rc;
		}
	full = xasprintf("%s/%s/%s", j->dir,
	                 csaf_dir_folder(folder_tlp[folder]), d.path);
	rc = render_file(&rd, full, j->now, &d.bytes, &d.len, &d.is_changed, e);
	free(full);
	if (rc) {
		err_prefix(e, "cannot publish '%s'", b->reference);
		doc_release(&d);
		return rc;
	}
	d.id = xstrdup(b->reference);
	d.title = xstrdup(b->title ? b->title : b->reference);
	d.summary = b->summary ? xstrdup(b->summary) : NULL;
	j->docs = xreallocarray(j->docs, j->n_docs + 1, sizeof(*j->docs));
	j->docs[j->n_docs++] = d;
	return 0;
}

static int
collect(struct job *j, const struct publish_opts *o, struct err *e)
{
	struct store_list_opts lo;
	struct store_key after, next;
	int rc = 0;

	store_list_opts_init(&lo);
	lo.sort = "reference";
	lo.is_ascending = true;
	lo.limit = PAGE_ROWS;
	store_key_init(&after);
	store_key_init(&next);
	for (;;) {
		struct bulletin *rows;
		void *raw = NULL;
		size_t n = 0;

		lo.after = &after;
		rc = store_page_keyed(j->app->store, STORE_BULLETINS, &lo, &raw,
		                      NULL, &n, &next, e);
		if (rc)
			break;
		rows = raw;
		for (size_t i = 0; !rc && i < n; i++) {
			int folder = folder_of(&rows[i], o, j->r);
			struct bulletin b;

			if (folder < 0)
				continue;
			rc = store_bulletin_get_by_id(j->app->store,
			                              rows[i].meta.id, &b, e);
			if (!rc) {
				rc = add_doc(j, &b, folder, e);
				bulletin_release(&b);
			}
		}
		for (size_t i = 0; i < n; i++)
			bulletin_release(&rows[i]);
		free(raw);
		if (rc || !next.is_set)
			break;
		store_key_release(&after);
		after = next;
		store_key_init(&next);
	}
	store_key_release(&after);
	store_key_release(&next);
	return rc;
}

/* ---- phase 2: the tree ---- */

static int
make_folder(const char *path, struct err *e)
{
	struct stat st;

	if (mkdir(path, 0755) == 0 ||
	    (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode)))
		return 0;
	return err_set(e, ERR_IO, "cannot create folder '%s': %s", path,
	               errno == EEXIST ? "a file is in the way"
	                               : strerror(errno));
}

static int
write_docs(struct job *j, struct err *e)
{
	for (size_t i = 0; i < j->n_docs; i++) {
		struct doc *d = &j->docs[i];
		const char *folder = csaf_dir_folder(folder_tlp[d->folder]);
		char *year = xasprintf("%s/%s/%.4s", j->dir, folder, d->path);
		char *full = xasprintf("%s/%s", year, d->name);
		char hex[SHA512_HEX_LEN + 1];
		bool written;
		int rc = make_folder(year, e);

		if (!rc && d->is_changed) {
			rc = write_atomic(full, d->bytes, d->len, e);
			if (!rc) {
				j->r->folders[d->folder].written++;
				j->r->files_written++;
			}
		}
		/* the hash files: rewritten when missing or stale */
		for (int k = 0; !rc && k < 2; k++) {
			char *line, *hpath;

			if (k == 0)
				sha256_hex(d->bytes, d->len, hex);
			else
				sha512_hex(d->bytes, d->len, hex);
			line = csaf_dir_hash_line(hex, d->name);
			hpath =
			    xasprintf("%s.%s", full, k ? "sha512" : "sha256");
			rc = put_file(hpath, line, strlen(line), &written, e);
			if (written)
				j->r->files_written++;
			free(line);
			free(hpath);
		}
		j->r->folders[d->folder].documents++;
		free(year);
		free(full);
		if (rc)
			return rc;
	}
	return 0;
}

static bool
is_year(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return s[4] == '\0';
}

/*
 * The length of the document name file is about ("x.json" for
 * "x.json", "x.json.sha256" and "x.json.sha512"), 0 when it is none of
 * them or not a name csaf_dir_filename makes.
 */
static size_t
doc_name_len(const char *file)
{
	static const char *const ext[] = {".json", ".json.sha256",
	                                  ".json.sha512"};
	size_t len = strlen(file);

	for (size_t k = 0; k < 3; k++) {
		size_t el = strlen(ext[k]), base;

		if (len <= el || strcmp(file + len - el, ext[k]) != 0)
			continue;
		base = len - el;
		for (size_t i = 0; i < base; i++)
			if (!strchr("+-_abcdefghijklmnopqrstuvwxyz0123456789",
			            file[i]))
				return 0;
		return base + 5;
	}
	return 0;
}

static bool
is_kept(const struct job *j, int folder, const char *year, const char *file,
        size_t name_len)
{
	for (size_t i = 0; i < j->n_docs; i++) {
		const struct doc *d = &j->docs[i];

		if (d->folder == folder && strncmp(d->path, year, 4) == 0 &&
		    strlen(d->name) == name_len &&
		    strncmp(d->name, file, name_len) == 0)
			return true;
	}
	return false;
}

/* Delete from the folder of index folder the documents and hash files
 * that no document of j is, and the year folders left empty. */
static int
sweep(struct job *j, int folder, struct err *e)
{
	char *top =
	    xasprintf("%s/%s", j->dir, csaf_dir_folder(folder_tlp[folder]));
	DIR *dt = opendir(top);
	struct dirent *ye;
	int rc = 0;

	if (!dt) {
		rc = errno == ENOENT
		         ? 0
		         : err_set(e, ERR_IO, "cannot read '%s': %s", top,
		                   strerror(errno));
		free(top);
		return rc;
	}
	while (!rc && (ye = readdir(dt))) {
		char *ypath;
		DIR *dy;
		struct dirent *fe;

		if (!is_year(ye->d_name))
			continue;
		ypath = xasprintf("%s/%s", top, ye->d_name);
		if (!(dy = opendir(ypath))) {
			free(ypath);
			continue; /* a file named like a year: not ours */
		}
		while (!rc && (fe = readdir(dy))) {
			size_t nl = doc_name_len(fe->d_name);

			if (!nl ||
			    is_kept(j, folder, ye->d_name, fe->d_name, nl))
				continue;
			if (unlinkat(dirfd(dy), fe->d_name, 0) &&
			    errno != ENOENT)
				rc = err_set(e, ERR_IO,
				             "cannot delete '%s/%s': %s", ypath,
				             fe->d_name, strerror(errno));
			else if (strlen(fe->d_name) == nl)
				j->r->folders[folder].removed++;
		}
		closedir(dy);
		rmdir(ypath); /* only when empty */
		free(ypath);
	}
	closedir(dt);
	free(top);
	return rc;
}

struct feed_ctx {
	const struct csaf_dir_site *site;
	enum tlp tlp;
	const struct csaf_dir_entry *entries;
	size_t n;
};

static int
render_feed(FILE *f, const void *ctx, int64_t stamp, struct err *e)
{
	const struct feed_ctx *c = ctx;

	return csaf_dir_feed(f, c->site, c->tlp, c->entries, c->n, stamp, e);
}

/* Write what the file at path should hold, when it differs. */
static int
put_stamped(struct job *j, const struct renderer *rd, const char *path,
            bool *written, struct err *e)
{
	char *bytes;
	size_t len;
	bool changed;
	int rc = render_file(rd, path, j->now, &bytes, &len, &changed, e);

	*written = false;
	if (!rc && changed) {
		rc = write_atomic(path, bytes, len, e);
		*written = !rc;
	}
	if (*written)
		j->r->files_written++;
	free(bytes);
	return rc;
}

/* index.txt, changes.csv and the ROLIE feed of one folder. */
static int
write_lists(struct job *j, int folder, struct err *e)
{
	const char *name = csaf_dir_folder(folder_tlp[folder]);
	struct csaf_dir_entry *en =
	    xreallocarray(NULL, j->n_docs + 1, sizeof(*en));
	struct feed_ctx fc = {&j->site, folder_tlp[folder], en, 0};
	struct renderer rd = {render_feed, &fc};
	char *path = NULL, *bytes = NULL, *feed = csaf_dir_feed_name(fc.tlp);
	size_t len = 0;
	bool written;
	int rc;

	for (size_t i = 0; i < j->n_docs; i++) {
		const struct doc *d = &j->docs[i];

		if (d->folder != folder)
			continue;
		en[fc.n++] =
		    (struct csaf_dir_entry){d->id,   d->title,     d->summary,
		                            d->path, d->published, d->updated};
	}
	for (int k = 0; k < 2; k++) {
		FILE *f;

		/* index.txt by path; changes.csv, and the feed, by date */
		if (k)
			csaf_dir_sort(en, fc.n);
		else
			csaf_dir_sort_paths(en, fc.n);
		f = open_memstream(&bytes, &len);

		if (!f) {
			rc = err_set(e, ERR_IO, "cannot render in memory: %s",
			             strerror(errno));
			goto out;
		}
		rc = k ? csaf_dir_changes(f, en, fc.n, e)
		       : csaf_dir_index(f, en, fc.n, e);
		fclose(f);
		path = xasprintf("%s/%s/%s", j->dir, name,
		                 k ? "changes.csv" : "index.txt");
		if (!rc)
			rc = put_file(path, bytes, len, &written, e);
		if (!rc && written)
			j->r->files_written++;
		free(path);
		free(bytes);
		path = bytes = NULL;
		if (rc)
			goto out;
	}
	path = xasprintf("%s/%s/%s", j->dir, name, feed);
	rc = put_stamped(j, &rd, path, &written, e);
out:
	free(path);
	free(feed);
	free(en);
	return rc;
}

/* A folder not published (amber without --include-amber): its lists go,
 * and the folder when nothing else is left in it. */
static int
drop_lists(struct job *j, int folder, struct err *e)
{
	const char *name = csaf_dir_folder(folder_tlp[folder]);
	char *feed = csaf_dir_feed_name(folder_tlp[folder]);
	const char *files[] = {"index.txt", "changes.csv", feed};
	int rc = 0;

	for (size_t k = 0; !rc && k < 3; k++) {
		char *path = xasprintf("%s/%s/%s", j->dir, name, files[k]);

		if (unlink(path) && errno != ENOENT)
			rc = err_set(e, ERR_IO, "cannot delete '%s': %s", path,
			             strerror(errno));
		free(path);
	}
	if (!rc) {
		char *path = xasprintf("%s/%s", j->dir, name);

		rmdir(path); /* only when empty */
		free(path);
	}
	free(feed);
	return rc;
}

struct meta_ctx {
	const struct csaf_dir_site *site;
	const enum tlp *tlps;
	size_t n;
};

static int
render_meta(FILE *f, const void *ctx, int64_t stamp, struct err *e)
{
	const struct meta_ctx *c = ctx;

	return csaf_dir_metadata(f, c->site, c->tlps, c->n, stamp, e);
}

/* The base URL of o or the setting, without a trailing "/" (owned). */
static int
base_url(const struct app *app, const struct publish_opts *o, char **out,
         struct err *e)
{
	const char *url = o->base_url ? o->base_url : app->bulletin_base_url;
	size_t len;

	*out = NULL;
	if (!url || !*url)
		return err_set(
		    e, ERR_INVALID,
		    "a provider directory needs the URL it is served "
		    "at: set bulletin.base-url https://... or give "
		    "--base-url URL");
	if (net_url_check(url, e))
		return err_prefix(e, "bad base URL '%s'", url);
	if (strpbrk(url, "?#\"<> \t\r\n"))
		return err_set(
		    e, ERR_INVALID,
		    "bad base URL '%s': no query, fragment, quote or "
		    "blank may follow the folder",
		    url);
	len = strlen(url);
	while (len && url[len - 1] == '/')
		len--;
	*out = xstrndup(url, len);
	return 0;
}

int
publish_dir(struct app *app, const struct publish_opts *o,
            struct publish_result *r, struct err *e)
{
	struct job j;
	char *url = NULL;
	enum tlp tlps[PUBLISH_FOLDERS];
	size_t n_tlps = 0;
	struct meta_ctx mc;
	struct renderer rd = {render_meta, &mc};
	char *path = NULL;
	int rc;

	memset(r, 0, sizeof(*r));
	memset(&j, 0, sizeof(j));
	for (int i = 0; i < PUBLISH_FOLDERS; i++) {
		r->folders[i].name = csaf_dir_folder(folder_tlp[i]);
		r->folders[i].is_published = i < 2 || o->is_amber;
		if (r->folders[i].is_published)
			tlps[n_tlps++] = folder_tlp[i];
	}
	if (!o->dir || !*o->dir)
		return err_set(e, ERR_USAGE, "publish where? give --dir DIR");
	if ((rc = base_url(app, o, &url, e)))
		return rc;
	j.app = app;
	j.dir = o->dir;
	j.pub.name = app->bulletin_publisher;
	j.pub.namespace_url = app->bulletin_namespace;
	j.site.base_url = url;
	j.site.pub = &j.pub;
	j.now = time_now();
	j.r = r;
	mc = (struct meta_ctx){&j.site, tlps, n_tlps};
	/* the publisher first: a missing one is said once, not per bulletin */
	if (!j.pub.name || !*j.pub.name || !j.pub.namespace_url ||
	    !*j.pub.namespace_url) {
		rc = err_set(e, ERR_INVALID,
		             "a provider directory needs its publisher: set "
		             "bulletin.publisher NAME and bulletin.namespace "
		             "https://...");
		goto out;
	}
	if ((rc = collect(&j, o, e)))
		goto out;
	if ((rc = fs_mkdir_p(o->dir, 0755, e))) {
		err_prefix(e,
		           "cannot publish to '%s' (give a --dir you may "
		           "write)",
		           o->dir);
		goto out;
	}
	if (access(o->dir, W_OK)) {
		rc = err_set(e, ERR_IO,
		             "cannot write in '%s': %s (give a --dir you may "
		             "write)",
		             o->dir, strerror(errno));
		goto out;
	}
	for (int i = 0; !rc && i < PUBLISH_FOLDERS; i++) {
		if (!r->folders[i].is_published)
			continue;
		path = xasprintf("%s/%s", o->dir, r->folders[i].name);
		rc = make_folder(path, e);
		free(path);
		path = NULL;
	}
	if (!rc)
		rc = write_docs(&j, e);
	for (int i = 0; !rc && i < PUBLISH_FOLDERS; i++)
		rc = sweep(&j, i, e);
	for (int i = 0; !rc && i < PUBLISH_FOLDERS; i++)
		rc = r->folders[i].is_published ? write_lists(&j, i, e)
		                                : drop_lists(&j, i, e);
	if (!rc) {
		path = xasprintf("%s/provider-metadata.json", o->dir);
		rc = put_stamped(&j, &rd, path, &r->is_metadata_written, e);
	}
out:
	for (size_t i = 0; i < j.n_docs; i++)
		doc_release(&j.docs[i]);
	free(j.docs);
	free(path);
	free(url);
	return rc;
}
