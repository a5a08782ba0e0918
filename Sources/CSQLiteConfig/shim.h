#include <sqlite3.h>

/* sqlite3_config is variadic, so Swift (and GRDB) cannot call it; this wrapper turns off SQLite's
   allocation statistics, which take one process-wide mutex on every allocation (Debian's
   libsqlite3 has no lookaside allocator, so that is every row a statement touches). With two
   connections working at once in one process, that mutex made each run at half speed.
   Must run before SQLite initializes (before the first connection opens); returns SQLITE_OK, or
   SQLITE_MISUSE when it is too late. */
static inline int sealtrail_sqlite_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
