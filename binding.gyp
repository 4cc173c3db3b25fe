{
  "targets": [
    {
      "target_name": "descent",
      "sources": [
        "<!@(node native/build-config.js kernels)",
        "<!@(node native/build-config.js addon)"
      ],
      "include_dirs": ["native/kernels", "native/addon"],
      "dependencies": ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"],
      "defines": ["<!@(node native/build-config.js defines)"],
      "cflags_cc!": ["-std=gnu++17", "-std=gnu++20", "-fno-exceptions"],
      "cflags_cc": ["<!@(node native/build-config.js cflags)", "<!@(node native/build-config.js warnings)"],
      "ldflags": ["-pthread"]
    }
  ]
}
