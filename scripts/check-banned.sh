#!/bin/sh
# Fails when product C uses a call STYLE.md bans (unbounded or unchecked forms).
# Use snprintf, strtol/strtoll with end checks, memcpy with a known size instead.
root=${1:-.}
hits=$(cd "$root" && grep -nE '\b(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atoll|strtok)[[:space:]]*\(' \
        $(find app sync server common -name '*.[ch]' -o -name '*.cc' 2>/dev/null) 2>/dev/null)
if [ -n "$hits" ]; then
  echo "banned calls (see STYLE.md):" >&2
  echo "$hits" >&2
  exit 1
fi
# Pages take raw markup only through the literal-only macros of mq_html.h;
# their functions behind them are for server/html/ alone.
hits=$(cd "$root" && grep -nE '\bmq_html_(raw|printf)_[[:space:]]*\(' \
        $(find app sync server common -name '*.[ch]' 2>/dev/null | grep -v '^server/html/') 2>/dev/null)
if [ -n "$hits" ]; then
  echo "raw markup bypassing mq_html_raw / mq_html_printf (see server/html/include/mq_html.h):" >&2
  echo "$hits" >&2
  exit 1
fi
exit 0
