import Foundation

/// Where settings come from, highest first: command-line flags, the environment, then (in dev
/// mode only) the generated `.encrypted-gather/dev.env`. Keys are the environment names
/// (`AES_SECRET`); each flag is the same name in kebab case (`--aes-secret`).
public struct Settings: Sendable {
    private let layers: [[String: String]]

    /// Settings from `flags` over `environment` over `fallback`.
    public init(flags: [String: String] = [:], environment: [String: String] = [:], fallback: [String: String] = [:]) {
        self.layers = [flags, environment, fallback]
    }

    /// The first non-empty value for `name`.
    public subscript(name: String) -> String? {
        for layer in layers {
            if let value = layer[name], !value.isEmpty { return value }
        }
        return nil
    }

    /// The same settings with `fallback` beneath them.
    public func withFallback(_ fallback: [String: String]) -> Settings {
        Settings(flags: layers[0], environment: layers[1], fallback: fallback.merging(layers[2]) { _, existing in existing })
    }
}
