/* Found only through setup.py's include_dirs. */
#define TP_LIMIT 4
