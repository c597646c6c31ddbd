/// Removes the secrets a client holds from text that reaches callers (error messages and
/// bodies), in case a server or proxy echoes them back.
struct Redactor: Sendable {
    static let placeholder = "[REDACTED]"
    /// Shorter secrets are not searched for: they match ordinary words and would garble every
    /// message, and no real Base44 credential is that short.
    static let minimumLength = 6
    private let secrets: [Secret]

    init(secrets: [Secret?]) {
        self.secrets = secrets.compactMap { $0 }.filter { $0.byteCount >= Self.minimumLength }
    }

    func redact(_ text: String) -> String {
        var result = text
        for secret in secrets {
            let secretText = secret.text
            if result.contains(secretText) { result = result.replacing(secretText, with: Self.placeholder) }
        }
        return result
    }
}
