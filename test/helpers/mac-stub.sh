#!/bin/sh
# A macOS command on Linux, answering as a recorded Mac did (fixtures/macs/<name>/commands.json): every command the
# fleet script runs is a link to this file named like the command, in a folder put first on PATH. The answer is found
# by the exact argv (the command's name, then its arguments) in $PPPC_STUB_ANSWERS/<name>.answers, one test of the
# arguments per recorded argv, each naming a folder of {stdout,stderr} and the exit code, written from commands.json by
# test/helpers/replay-mac.ts. An argv the Mac never answered exits 127, as a command that is not there.
#
# A script run calls a dozen of these: the lookup is done in the shell itself (no basename, no sha256sum, no cat of an
# empty file), which takes a third off each run of the fleet script's tests.
#
# sqlite3 is the real one, on the snapshot's copy of the database, unless the snapshot says the file could not be read
# on the Mac (listed in $PPPC_STUB_ANSWERS/denied): then it answers as macOS's sqlite3 does without Full Disk Access.
# plutil -convert xml1 -o - FILE, which no snapshot records (doctor reads the file itself), converts the snapshot's
# copy with python3's plistlib, unless that file is listed as denied too.
name=${0##*/}
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

# Prints one recorded answer ($1: its folder) and exits with its code ($2). Called only from the sourced table, which
# the linter does not follow.
# shellcheck disable=SC2317
answer() {
  [ -s "$1/stdout" ] && cat "$1/stdout"
  [ -s "$1/stderr" ] && cat "$1/stderr" >&2
  exit "$2"
}

table="$answers/$name.answers"
# shellcheck source=/dev/null
[ -f "$table" ] && . "$table"
printf '%s: not recorded on this Mac\n' "$name" >&2
exit 127
