#!/bin/sh
# issue 23: prepares the container image's file tree for Jib (`mvn -Pimage`, docs/operations.md), which adds it to
# an empty ("scratch") base. Nothing is pulled from a container registry; the image brings its own runtime:
#   /opt/hub/jre           a Java runtime made with jlink from the JDK that runs the build (only the modules
#                          the hub needs), its trust store made from Debian's ca-certificates;
#   /lib*, /usr/lib/...    the C libraries that runtime needs (glibc and its loader, zlib, libgcc_s, libstdc++),
#                          taken from Debian packages (apt-get download, dpkg-deb -x), listed in
#                          /usr/share/hub-image/packages.txt;
#   /etc/passwd, /etc/group  the non-root user `hub` (uid 10001, group 0), /tmp, /opt/hub/data (the volume);
#   /opt/hub               the distribution's bin/ conf/ lib/ plugins/ dashboards/ ... as in the zip.
# Needs a Debian or Ubuntu build machine (apt-get, dpkg-deb) of the image's architecture, and a JDK 17+.
#
# Usage: prepare-rootfs.sh JAVA_HOME DISTRIBUTION_DIR ROOTFS_DIR WORK_DIR CLASSES_DIR IMAGE_ARCH
set -eu

JDK=$1 DIST=$2 ROOTFS=$3 WORK=$4 CLASSES=$5 IMAGE_ARCH=$6
PACKAGES="libc6 zlib1g libgcc-s1 libstdc++6 ca-certificates"
# What the hub and its bundled plugins use (`jdeps -s` over lib/*.jar and plugins/*/*.jar: java.sasl and
# java.security.jgss are Kafka's SASL; java.desktop, wanted only by a Log4j2 binder of Micrometer the hub does not
# use, is left out), plus what is found through service loading or reflection: TLS with EC keys, DNS over JNDI,
# the zip file system.
MODULES=java.base,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,\
java.security.sasl,java.security.jgss,jdk.crypto.ec,jdk.unsupported,jdk.naming.dns,jdk.management,jdk.zipfs

fail() { echo "prepare-rootfs: $*" >&2; exit 1; }
for tool in apt-get dpkg-deb dpkg; do
  command -v "$tool" >/dev/null 2>&1 || fail "needs '$tool': the image is built on Debian or Ubuntu (docs/operations.md)"
done
[ -x "$JDK/bin/jlink" ] || fail "$JDK/bin/jlink not found: build with a JDK 17+ (not a JRE)"
[ -d "$DIST/lib" ] || fail "$DIST/lib not found: the distribution must be assembled first"

ARCH=$(dpkg --print-architecture)
[ "$ARCH" = "$IMAGE_ARCH" ] || fail "this machine is $ARCH, the image is to be $IMAGE_ARCH: build with -Dimage.arch=$ARCH"
case "$ARCH" in
  amd64) TRIPLET=x86_64-linux-gnu ;;
  arm64) TRIPLET=aarch64-linux-gnu ;;
  *) fail "architecture $ARCH is not supported (amd64, arm64)" ;;
esac

rm -rf "$ROOTFS"
mkdir -p "$ROOTFS/opt/hub" "$ROOTFS/etc" "$ROOTFS/tmp" "$ROOTFS/usr/share/hub-image" "$WORK/debs"

# 1. The Debian packages, kept in WORK/debs between builds.
(
  cd "$WORK/debs"
  for pkg in $PACKAGES; do
    ls "${pkg}"_*.deb >/dev/null 2>&1 && continue
    if ! apt-get download "$pkg" >/dev/null 2>&1; then
      [ "$(id -u)" -eq 0 ] || fail "apt-get download $pkg failed (run 'apt-get update' as root, then build again)"
      apt-get update -qq >/dev/null
      apt-get download "$pkg" >/dev/null || fail "apt-get download $pkg failed"
    fi
  done
)
SYSROOT="$WORK/sysroot"
rm -rf "$SYSROOT"
mkdir -p "$SYSROOT"
: > "$ROOTFS/usr/share/hub-image/packages.txt"
for deb in "$WORK"/debs/*.deb; do
  dpkg-deb -x "$deb" "$SYSROOT"
  dpkg-deb -f "$deb" Package Version Architecture | tr '\n' ' ' >> "$ROOTFS/usr/share/hub-image/packages.txt"
  echo >> "$ROOTFS/usr/share/hub-image/packages.txt"
done
"$JDK/bin/java" -version 2>&1 | head -n 1 | sed 's/^/jlink from: /' >> "$ROOTFS/usr/share/hub-image/packages.txt"

# 2. The shared libraries, as regular files (a layer holds no symlinks here): each name a program asks for
#    (the links' names) gets the file's content; the loader also under its ELF interpreter path.
resolve() { # a path in the sysroot, following links (absolute ones inside the sysroot)
  p=$1
  while [ -L "$p" ]; do
    t=$(readlink "$p")
    case "$t" in /*) p="$SYSROOT$t" ;; *) p="$(dirname "$p")/$t" ;; esac
  done
  echo "$p"
}
for dir in lib/$TRIPLET usr/lib/$TRIPLET lib64 lib; do
  [ -d "$SYSROOT/$dir" ] || continue
  mkdir -p "$ROOTFS/$dir"
  targets=$(find "$SYSROOT/$dir" -maxdepth 1 -type l -exec readlink {} \; | xargs -n1 basename 2>/dev/null || true)
  for f in "$SYSROOT/$dir"/*; do
    name=$(basename "$f")
    case "$name" in *.so|*.so.*) ;; *) continue ;; esac
    if [ ! -L "$f" ] && echo "$targets" | grep -qx "$name"; then
      continue # the real file of a link: copied under the link's name
    fi
    cp "$(resolve "$f")" "$ROOTFS/$dir/$name"
  done
  rmdir "$ROOTFS/$dir" 2>/dev/null || true
done

# 3. The Java runtime.
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$ROOTFS/opt/hub/jre"
# Its trust store from the Mozilla CA list of Debian's ca-certificates (webhooks and JWKS over TLS).
rm -f "$ROOTFS/opt/hub/jre/lib/security/cacerts"
"$JDK/bin/java" "$(dirname "$0")/CaCerts.java" "$SYSROOT/usr/share/ca-certificates/mozilla" \
  "$ROOTFS/opt/hub/jre/lib/security/cacerts"

# 4. Users, name service, the hub's writable folders. The hub runs as uid 10001 in group 0, the convention that
#    lets a platform run the image as an arbitrary uid: what the hub writes is group 0 and group-writable.
cat > "$ROOTFS/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
hub:x:10001:0:event hub:/opt/hub:/sbin/nologin
PASSWD
cat > "$ROOTFS/etc/group" <<'GROUP'
root:x:0:hub
hub:x:10001:
GROUP
cat > "$ROOTFS/etc/nsswitch.conf" <<'NSS'
passwd: files
group: files
hosts: files dns
NSS

# 5. The distribution, as the zip lays it out (data/ is the volume; never a build's leftovers).
for entry in "$DIST"/*; do
  [ "$(basename "$entry")" = data ] && continue
  cp -R "$entry" "$ROOTFS/opt/hub/"
done
mkdir -p "$ROOTFS/opt/hub/data"
# Jib reads the module's classes folder, which this module (the zip's) has none of; /app is filtered out anyway.
mkdir -p "$CLASSES"
echo "prepare-rootfs: $ROOTFS ready ($(du -sh "$ROOTFS" | cut -f1))"
