/* openapi_data.S — src/web/openapi.json built into the binary. */
	.section .rodata
	.global pejl_openapi_json
	.global pejl_openapi_json_end
pejl_openapi_json:
	.incbin "src/web/openapi.json"
pejl_openapi_json_end:
	.byte 0
	.section .note.GNU-stack,"",@progbits
