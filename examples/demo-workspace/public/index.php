<?php
// A page to serve from a throwaway jail: it shows which PHP answered.
header('Content-Type: text/plain; charset=utf-8');
printf("Hello from PHP %s on %s\n", PHP_VERSION, php_uname('s'));
