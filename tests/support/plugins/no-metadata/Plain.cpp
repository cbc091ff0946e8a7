// A plain shared library: ELF, but no Qt plugin metadata at all.
extern "C" int gatehouse_test_plain_function() {
    return 42;
}
