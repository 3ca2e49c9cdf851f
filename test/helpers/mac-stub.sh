#!/bin/sh
# A macOS command on Linux, answering as a recorded Mac did (fixtures/macs/<name>/commands.json): every command the
# fleet script runs is a link to this file named like the command, in a folder put first on PATH. The answer is found
# by the exact argv (the command's name, then its arguments), in $PPPC_STUB_ANSWERS/<sha256 of the argv, NUL-separated>/
# {stdout,stderr,exit}, written from commands.json by test/helpers/replay-mac.ts. An argv the Mac never answered
# exits 127, as a command that is not there.
#
# sqlite3 is the real one, on the snapshot's copy of the database, unless the snapshot says the file could not be read
# on the Mac (listed in $PPPC_STUB_ANSWERS/denied): then it answers as macOS's sqlite3 does without Full Disk Access.
# plutil -convert xml1 -o - FILE, which no snapshot records (doctor reads the file itself), converts the snapshot's
# copy with python3's plistlib, unless that file is listed as denied too.
name=$(basename "$0")
answers=${PPPC_STUB_ANSWERS:?PPPC_STUB_ANSWERS names the folder of answers}

denied() {
  grep -Fqx -- "$1" "$answers/denied" 2>/dev/null
}

last() {
  for arg in "$@"; do :; done
  printf '%s' "$arg"
}

if [ "$name" = sqlite3 ]; then
  for arg in "$@"; do
    case $arg in
      -*) ;;
      *)
        if denied "$arg"; then
          printf 'Error: unable to open database "%s": authorization denied\n' "$arg" >&2
          exit 1
        fi
        break
        ;;
    esac
  done
  exec "$PPPC_STUB_SQLITE3" "$@"
fi

if [ "$name" = plutil ] && [ "$1" = -convert ] && [ "$2" = xml1 ] && [ "$3" = -o ] && [ "$4" = - ]; then
  file=$(last "$@")
  if denied "$file"; then
    printf '%s: file does not exist or is not readable or is not a regular file (Error Domain=NSCocoaErrorDomain Code=257)\n' "$file" >&2
    exit 1
  fi
  exec python3 -c 'import plistlib, sys
try:
    value = plistlib.load(open(sys.argv[1], "rb"))
except FileNotFoundError:
    sys.stderr.write(sys.argv[1] + ": file does not exist or is not readable or is not a regular file (Error Domain=NSCocoaErrorDomain Code=260)\n")
    sys.exit(1)
except Exception as error:
    sys.stderr.write(sys.argv[1] + ": Property List error: " + str(error) + "\n")
    sys.exit(1)
sys.stdout.buffer.write(plistlib.dumps(value, fmt=plistlib.FMT_XML))' "$file"
fi

key=$({
  printf '%s' "$name"
  for arg in "$@"; do printf '\0%s' "$arg"; done
} | sha256sum | cut -c1-64)
dir="$answers/$key"
if [ ! -d "$dir" ]; then
  printf '%s: not recorded on this Mac\n' "$name" >&2
  exit 127
fi
cat "$dir/stdout"
cat "$dir/stderr" >&2
exit "$(cat "$dir/exit")"
