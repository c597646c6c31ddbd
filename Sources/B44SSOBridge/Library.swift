import B44SSO
import Glibc

@_cdecl("b44_version")
public func b44_version() -> UnsafePointer<CChar> {
    borrowed(B44SSOVersion.string)
}

@_cdecl("b44_code_name")
public func b44_code_name(_ code: Int32) -> UnsafePointer<CChar> {
    if code == 0 { return borrowed("B44_OK") }
    return borrowed(Base44Error.Kind(rawValue: code)?.codeName ?? "B44_ERR_UNKNOWN")
}

@_cdecl("b44_string_free")
public func b44_string_free(_ string: UnsafeMutablePointer<CChar>?) {
    guard let string else { return }
    explicit_bzero(string, strlen(string))
    free(string)
}
