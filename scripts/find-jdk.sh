# Sourced by ./tickwire, ./run-tests and .ci/run: exports JAVA_HOME as a JDK 21 or newer.
# Uses JAVA_HOME when it is new enough, else the newest JDK 21+ under /usr/lib/jvm (or
# /Library/Java/JavaVirtualMachines on macOS), else stops with a clear message.

tickwire_java_major() { # feature version of the JDK at $1, or nothing
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

tickwire_find_jdk() {
  local v
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(tickwire_java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
    echo "note: JAVA_HOME=$JAVA_HOME is JDK ${v:-of unknown version}; looking for a JDK 21+" >&2
  fi
  local best="" best_v=0 dir
  for dir in /usr/lib/jvm/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/; do
    dir=${dir%/}
    [ -x "$dir/bin/javac" ] || continue
    v=$(tickwire_java_major "$dir")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best=$dir; best_v=$v; fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    dir=$(cd "$(dirname "$(readlink -f "$(command -v javac)")")/.." && pwd)
    v=$(tickwire_java_major "$dir")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then best=$dir; fi
  fi
  if [ -z "$best" ]; then
    echo "error: Tickwire needs a JDK 21 or newer; none found. Install one (e.g. apt-get install openjdk-21-jdk-headless)" >&2
    echo "       or point JAVA_HOME at one." >&2
    return 1
  fi
  echo "$best"
}

JAVA_HOME=$(tickwire_find_jdk) || exit 1
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

# Maven 3.9's bundled Guice uses sun.misc.Unsafe; JDK 24+ warns about it on every run.
if [ "$(tickwire_java_major "$JAVA_HOME")" -ge 24 ]; then
  case " ${MAVEN_OPTS:-} " in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
