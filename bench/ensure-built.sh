# Sourced by the bench scripts that start a JVM from the CLI's class path: sets VERSION (the project's version) and
# builds the CLI and the bench classes when either is missing (run from the repository root).
VERSION="$(sed -n '/^  <version>[^<]*<\/version>$/{s:^  <version>\([^<]*\)</version>$:\1:p;q;}' pom.xml)"
if [ ! -f "cli/target/cli-$VERSION.jar" ] || [ ! -d bench/target/classes ]; then
  mvn -q -B -DskipTests install -pl cli,bench -am >&2
fi
