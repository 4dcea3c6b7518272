# Shared by ./hearth and ./firectl: find a JDK 25 and build the distribution when it is missing or stale.

HEARTH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVER_JAR="$HEARTH_ROOT/server/target/hearth-server.jar"
FIRECTL_JAR="$HEARTH_ROOT/cli/target/firectl.jar"
# The llama.cpp libraries the build fetched (HEARTH_LLAMA_LIB_DIR, when set, takes precedence at run time).
LLAMA_DIR="$HEARTH_ROOT/engine/target/native/linux-x64"

java_major() { # prints the feature version of the java binary in $1
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}

find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 25 ] 2>/dev/null; then
    return 0
  fi
  local candidate
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* /usr/lib/jvm/jdk-25* /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate/bin/java")" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  cat >&2 <<'MSG'
hearth: no JDK 25 found. Hearth needs Java 25 or newer.
  Set JAVA_HOME to a JDK 25, or install one, e.g. Temurin 25 (apt package temurin-25-jdk from the
  Adoptium repository) or OpenJDK 25 (openjdk-25-jdk), which installs under /usr/lib/jvm.
MSG
  exit 1
}

mvnw() {
  (cd "$HEARTH_ROOT" && ./mvnw -B -ntp "$@")
}

# Builds when a jar is missing or any source or POM is newer than it.
build_if_needed() {
  if [ -f "$SERVER_JAR" ] && [ -f "$FIRECTL_JAR" ] && [ -f "$LLAMA_DIR/.integrity" ] && [ -z "$(cd "$HEARTH_ROOT" && find pom.xml */pom.xml */src -newer "$SERVER_JAR" -print -quit 2>/dev/null)" ] \
     && [ -z "$(cd "$HEARTH_ROOT" && find cli/src api/src -newer "$FIRECTL_JAR" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  echo "hearth: building Hearth (the first build downloads Maven and dependencies and takes a few minutes)..." >&2
  if ! mvnw -DskipTests package 2>&1 | while IFS= read -r line; do
        case "$line" in
          *"Building Hearth"*|*"Building firectl"*|*"BUILD "*|*ERROR*) echo "hearth:   ${line#\[INFO\] }" >&2 ;;
        esac
      done; then
    echo "hearth: build failed" >&2
    exit 1
  fi
  if [ ! -f "$SERVER_JAR" ] || [ ! -f "$FIRECTL_JAR" ]; then
    echo "hearth: build failed (run ./mvnw -B package -DskipTests to see why)" >&2
    exit 1
  fi
}

java_cmd() {
  echo "$JAVA_HOME/bin/java"
}
