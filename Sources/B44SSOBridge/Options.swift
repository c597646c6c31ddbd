import B44SSO

/// The object behind `b44_options *`.
final class OptionsBox {
    var options = ClientOptions()
}

@_cdecl("b44_options_new")
public func b44_options_new() -> OpaquePointer? {
    retainedPointer(OptionsBox())
}

@_cdecl("b44_options_set")
public func b44_options_set(
    _ options: OpaquePointer?, _ key: UnsafePointer<CChar>?, _ value: UnsafePointer<CChar>?, _ err: CErrorOut
) -> Int32 {
    runReportingErrors(err) { () throws(Base44Error) in
        guard let box = borrow(options, as: OptionsBox.self) else { throw .init(.invalidArgument, "options is NULL") }
        let key = try text(key, name: "option key")
        try box.options.set(key, to: try text(value, name: "option value"))
    }
}

@_cdecl("b44_options_free")
public func b44_options_free(_ options: OpaquePointer?) {
    release(options, as: OptionsBox.self)
}
