/* staff.c — `minqing-server staff-add USER --role admin|street|member|liaison`
 * (DESIGN.md §6): create a console account, or give an existing one a new
 * role and password (which ends its sessions). The password is one line on
 * standard input; on a terminal it is asked for without echo. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "mq_account.h"
#include "mq_cli.h"
#include "mq_time.h"

static bool found_member(void *cls, const struct mq_db_member_admin *m)
{
	snprintf(cls, MQ_KEY_MAX + 1, "%s", m->m.studio);
	return false;
}

/* Reads one line from stdin into @p out without its newline; no echo on a terminal. */
static bool read_password(const char *user, char *out, size_t size)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	bool ok;
	size_t n;

	if (tty) {
		fprintf(stderr, "Password for %s: ", user);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	ok = fgets(out, (int)size, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!ok)
		return false;
	n = strcspn(out, "\r\n");
	if (out[n] == '\0' && n == size - 1)
		return false;   /* longer than the buffer */
	out[n] = '\0';
	return true;
}

/* Creates or updates account @p user (staff-add); the exit status. */
static int staff_add(struct mq_db *db, const char *user, const char *role_key,
		     const char *street, const char *member)
{
	struct mq_db_staff st = { .created_at = mq_time_now() };
	enum mq_role role;
	struct mq_db_studio studio;
	char password[MQ_ACCOUNT_PASSWORD_MAX + 2], member_studio[MQ_KEY_MAX + 1] = "";
	int rc = 1;

	if (!user || !mq_account_username_ok(user)) {
		fprintf(stderr, "minqing-server: USER must be 1..%d of a-z 0-9 _ . -\n", MQ_DB_USER_MAX);
		return 2;
	}
	if (!mq_role_parse(role_key, &role)) {
		fprintf(stderr, "minqing-server: --role must be admin, street, member or liaison\n");
		return 2;
	}
	if ((role == MQ_ROLE_STREET || role == MQ_ROLE_LIAISON) != (street != NULL) ||
	    (role == MQ_ROLE_MEMBER) != (member != NULL)) {
		fprintf(stderr, "minqing-server: --role street and --role liaison need --street KEY,"
				" --role member needs --member KEY, and only they take them\n");
		return 2;
	}
	if (street && (!mq_wire_is_key(street) ||
		       db->studio_get(db->cls, street, &studio) != MQ_OK)) {
		fprintf(stderr, "minqing-server: unknown street '%.40s' (e.g. hubin; run seed-demo?)\n",
			street);
		return 1;
	}
	if (member && (!mq_wire_is_key(member) ||
		       db->members_admin_iterate(db->cls, NULL, member, found_member, member_studio) !=
			       MQ_OK ||
		       !member_studio[0])) {
		fprintf(stderr, "minqing-server: unknown member '%.40s' (e.g. hubin-01)\n", member);
		return 1;
	}
	if (!read_password(user, password, sizeof password)) {
		fprintf(stderr, "minqing-server: give the password as one line on standard input"
				" (at most %d bytes)\n", MQ_ACCOUNT_PASSWORD_MAX);
		goto out;
	}
	if (!mq_account_password_ok(password)) {
		fprintf(stderr, "minqing-server: the password must be at least %d characters\n",
			MQ_ACCOUNT_PASSWORD_MIN);
		goto out;
	}
	snprintf(st.username, sizeof st.username, "%s", user);
	st.role = role;
	snprintf(st.studio, sizeof st.studio, "%s", street ? street : "");
	snprintf(st.member, sizeof st.member, "%s", member ? member : "");
	if (!mq_account_password_hash(password, st.pw_hash)) {
		fprintf(stderr, "minqing-server: out of memory while hashing the password\n");
		goto out;
	}
	if (db->staff_put(db->cls, &st) != MQ_OK) {
		fprintf(stderr, "minqing-server: could not store the account\n");
		goto out;
	}
	fprintf(stderr, "minqing-server: account %s (%s%s%s) ready; sign in at /console/\n", user,
		mq_role_key(role), street || member ? " " : "", street ? street : member ? member : "");
	rc = 0;
out:
	sodium_memzero(password, sizeof password);
	sodium_memzero(st.pw_hash, sizeof st.pw_hash);
	return rc;
}

int mq_cli_staff_add(int argc, char **argv)
{
	struct mq_cli_options o = { 0 };
	struct mq_db *db = NULL;
	bool user = argc > 0 && strncmp(argv[0], "--", 2) != 0;
	int rc = user ? mq_cli_parse(argc - 1, argv + 1, "db role street member", &o)
		      : mq_cli_usage("staff-add needs USER");

	if (rc == 0 && (rc = mq_cli_open_db(o.db ? o.db : MQ_CLI_DEFAULT_DB, &db)) == 0)
		rc = staff_add(db, argv[0], o.role, o.street, o.member);
	mq_db_destroy(db);
	mq_cli_options_finish(&o);
	return rc;
}
