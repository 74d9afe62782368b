/* builtin_data.S — the strategy files in data/, built into the binary so
 * `pejl init` needs no installed data directory. See builtin.h. */
	.section .rodata
	.global pejl_builtin_kk_2014
	.global pejl_builtin_kk_2014_end
pejl_builtin_kk_2014:
	.incbin "data/strategy-kk-2014.json"
pejl_builtin_kk_2014_end:
	.byte 0
	.section .note.GNU-stack,"",@progbits
