#!/bin/sh
# Writes a self-signed certificate for local use to DIR (default: deploy/nginx/certs), once: an
# existing certificate is kept. compose.yaml runs this in its `certs` step at first start.
#   sh deploy/nginx/gen-cert.sh [DIR] [HOSTNAME]
set -eu
dir="${1:-$(dirname "$0")/certs}"
name="${2:-${SA_HOSTNAME:-localhost}}"
mkdir -p "$dir"
if [ -s "$dir/sa-studio.crt" ] && [ -s "$dir/sa-studio.key" ]; then
  echo "certificate already in $dir"
  exit 0
fi
openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=$name" \
  -addext "subjectAltName=DNS:$name,DNS:localhost,IP:127.0.0.1" \
  -keyout "$dir/sa-studio.key" -out "$dir/sa-studio.crt" 2>/dev/null
chmod 644 "$dir/sa-studio.crt"
chmod 640 "$dir/sa-studio.key"
echo "self-signed certificate for $name written to $dir"
