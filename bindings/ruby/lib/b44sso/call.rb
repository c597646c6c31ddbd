# frozen_string_literal: true

module B44SSO
  # Runs native calls that report failure through a b44_error ** and turns that
  # error object into the matching B44SSO::Error subclass.
  module Call
    module_function

    # Yields an error out-pointer; raises unless the block returns B44_OK.
    def checked
      err = FFI::MemoryPointer.new(:pointer)
      code = yield err
      raise error_from(code, err.read_pointer) unless code == Native::CODES[:B44_OK]

      nil
    end

    # Yields (out-pointer, error out-pointer) and returns the pointer set through
    # the first, for calls that create an object.
    def creating
      out = FFI::MemoryPointer.new(:pointer)
      checked { |err| yield out, err }
      out.read_pointer
    end

    # Like creating, for calls returning a string through char **: returns the text.
    def string
      Text.take(creating { |out, err| yield out, err })
    end

    # Builds the exception for a failed call and frees the native error.
    def error_from(code, native)
      describe(code, native)
    ensure
      Native.b44_error_free(native) unless native.null?
    end

    # Builds the exception for `code` from a native error the caller keeps owning (NULL
    # when the library could not allocate one).
    def describe(code, native)
      name = Native.b44_code_name(code)
      return Error.for_code_name(name).new(name, code: code) if native.null?

      status = Native.b44_error_http_status(native)
      Error.for_code_name(name).new(
        Text.from_c(Native.b44_error_message(native)),
        code: code,
        status: status.positive? ? status : nil,
        api_code: Text.from_c(Native.b44_error_api_code(native)),
        body: Text.from_c(Native.b44_error_body(native))
      )
    end
  end
end
