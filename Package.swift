// swift-tools-version:6.0
import PackageDescription

// The linker script that keeps the shared object's exports to the b44_ prefix, by absolute
// path so the link works whatever directory the build runs from.
let packageRoot = String(#filePath.dropLast("Package.swift".count))
let exportsMap = packageRoot + "Sources/B44SSOBridge/exports.map"

let package = Package(
    name: "b44sso",
    products: [
        // The C ABI: libb44sso.so, described by include/b44sso.h.
        .library(name: "b44sso", type: .dynamic, targets: ["B44SSOBridge"]),
        // The pure Swift API, for Swift users.
        .library(name: "B44SSO", targets: ["B44SSO"]),
        .executable(name: "b44-sso", targets: ["B44SSOCLI"]),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "B44SSO", dependencies: ["CCurl"]),
        .target(
            name: "B44SSOBridge",
            dependencies: ["B44SSO"],
            exclude: ["exports.map"],
            linkerSettings: [
                .unsafeFlags([
                    "-Xlinker", "--version-script=\(exportsMap)",
                    "-Xlinker", "-soname=libb44sso.so.0",
                    // The Swift runtime inside cannot be unloaded safely; keep it mapped.
                    "-Xlinker", "-z", "-Xlinker", "nodelete",
                ])
            ]
        ),
        .executableTarget(name: "B44SSOCLI", dependencies: ["B44SSO"]),
        .testTarget(name: "B44SSOTests", dependencies: ["B44SSO"]),
    ]
)
