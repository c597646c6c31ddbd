/// The library's version; kept equal to B44SSO_VERSION_* in include/b44sso.h (a test checks).
public enum B44SSOVersion {
    public static let major = 0
    public static let minor = 1
    public static let patch = 0
    /// "MAJOR.MINOR.PATCH" (static, so C can borrow it).
    public static let string: StaticString = "0.1.0"
    /// What the library sends as User-Agent unless the caller names its own.
    public static let userAgent = "b44sso/\(string)"
}
