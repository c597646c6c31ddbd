# frozen_string_literal: true

module B44SSO
  # Text across the C boundary: Ruby strings in, library strings out.
  module Text
    module_function

    # A UTF-8 byte copy of `value` for C. A NUL byte (where C would silently cut
    # the string) or text not convertible to UTF-8 is an InvalidArgumentError naming `what`.
    def to_c(value, what)
      text = value.to_s
      text = text.encode(Encoding::UTF_8) unless text.encoding == Encoding::BINARY
      raise InvalidArgumentError, "#{what} must not contain a NUL byte" if text.include?("\0")

      text
    rescue EncodingError
      raise InvalidArgumentError, "#{what} cannot be converted to UTF-8"
    end

    # A library string as UTF-8 (invalid bytes replaced); nil stays nil.
    def from_c(text)
      return nil if text.nil?

      text = text.dup.force_encoding(Encoding::UTF_8)
      text.valid_encoding? ? text : text.scrub
    end

    # A const char *[] of `strings` (already checked with to_c), or NULL when empty. The
    # array keeps the strings' memory alive as long as it lives itself.
    def c_array(strings)
      return FFI::Pointer::NULL if strings.empty?

      memory = strings.map { |s| FFI::MemoryPointer.from_string(s) }
      array = FFI::MemoryPointer.new(:pointer, memory.size)
      array.write_array_of_pointer(memory)
      array.instance_variable_set(:@strings, memory)
      array
    end

    # Takes a string the library handed over through char **: copies it, then gives
    # it back with b44_string_free (which zeroes it: it may be a token).
    def take(pointer)
      return nil if pointer.null?

      from_c(pointer.read_string)
    ensure
      Native.b44_string_free(pointer) unless pointer.null?
    end
  end
end
