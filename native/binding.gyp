# Node-API addon loading the eBPF probe (driver/build/probe.bpf.o) with
# Debian's libbpf. Built by scripts/build-native.sh into build/Release/.
{
  "targets": [
    {
      "target_name": "falconet_native",
      "sources": ["src/addon.c", "src/loader.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags_c": ["-std=gnu11", "-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "libraries": ["-lbpf", "-lelf", "-lz", "-lpthread"]
    }
  ]
}
