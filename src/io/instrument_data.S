/* instrument_data.S — the instrument files of data/instruments/ built into
 * the binary, so pejl needs no installed data directory. Each file gets a
 * start and an end symbol and is followed by a NUL. See instrument_file.h
 * (instrument_builtin_files). */
	.section .rodata
	.global pejl_instrument_ors
	.global pejl_instrument_ors_end
	.global pejl_instrument_srs
	.global pejl_instrument_srs_end
	.global pejl_instrument_cors
	.global pejl_instrument_cors_end
	.global pejl_instrument_csrs
	.global pejl_instrument_csrs_end
	.global pejl_instrument_who5
	.global pejl_instrument_who5_end
	.global pejl_instrument_satisfaction
	.global pejl_instrument_satisfaction_end
pejl_instrument_ors:
	.incbin "data/instruments/ors.json"
pejl_instrument_ors_end:
	.byte 0
pejl_instrument_srs:
	.incbin "data/instruments/srs.json"
pejl_instrument_srs_end:
	.byte 0
pejl_instrument_cors:
	.incbin "data/instruments/cors.json"
pejl_instrument_cors_end:
	.byte 0
pejl_instrument_csrs:
	.incbin "data/instruments/csrs.json"
pejl_instrument_csrs_end:
	.byte 0
pejl_instrument_who5:
	.incbin "data/instruments/who5.json"
pejl_instrument_who5_end:
	.byte 0
pejl_instrument_satisfaction:
	.incbin "data/instruments/satisfaction.json"
pejl_instrument_satisfaction_end:
	.byte 0
	.section .note.GNU-stack,"",@progbits
