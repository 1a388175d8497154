/*
 * The demo-data generator: see include/centinela/app/demo.h.
 *
 * Data model of the generation, in the order rows are written:
 *   1. organizations: the first 12 cover every sector, the first 32 every
 *      state; the rest are drawn by weight. Names come from per-sector
 *      templates filled with real state and city names, kept unique.
 *   2. assets, contiguous per organization (so an organization's assets are
 *      a range), with kind, product and CPE names drawn from tables.
 *   3. incidents, planned in memory first (status, times, organization,
 *      assets, notes), sorted by opening time so that references count up
 *      with time, then written (references come from the store).
 *   4. alerts: first the ones each incident was promoted from (same
 *      organization, asset and taxonomy, observed shortly before the
 *      incident opened, incident_id set), then the stream of the 30 days.
 *   5. links: every incident is written again with its alert ids, which
 *      the store adds to the link table.
 * Each phase draws from its own PRNG stream derived from the seed, so the
 * organizations of seed S do not change when the alert count does.
 */
#include "centinela/app/demo.h"

#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "centinela/base/err.h"
#include "centinela/base/hash.h"
#include "centinela/base/rng.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/strvec.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/alert.h"
#include "centinela/model/asset.h"
#include "centinela/model/enums.h"
#include "centinela/model/incident.h"
#include "centinela/model/organization.h"
#include "centinela/model/record.h"
#include "centinela/store/alert.h"
#include "centinela/store/asset.h"
#include "centinela/store/audit.h"
#include "centinela/store/incident.h"
#include "centinela/store/organization.h"
#include "centinela/store/store.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define DAY        INT64_C(86400)
#define HOUR       INT64_C(3600)
#define MINUTE     INT64_C(60)
#define DEMO_EPOCH INT64_C(1767225600) /* 2026-01-01T00:00:00Z, when now is 0 */

/* ------------------------------------------------------------------ */
/* Tables: places, sectors, people.                                    */

struct state_info {
	const char *name;      /* state name as people write it */
	const char *abbr;      /* short code for hostnames */
	int weight;            /* relative number of organizations */
	const char *cities[6]; /* main cities, NULL-terminated */
};

static const struct state_info states[] = {
    {"Aguascalientes", "ags", 3, {"Aguascalientes", "Jesús María", NULL}},
    {"Baja California", "bc", 5, {"Tijuana", "Mexicali", "Ensenada", NULL}},
    {"Baja California Sur", "bcs", 2, {"La Paz", "Los Cabos", NULL}},
    {"Campeche", "camp", 2, {"Campeche", "Ciudad del Carmen", NULL}},
    {"Chiapas",
     "chis",
     4,
     {"Tuxtla Gutiérrez", "Tapachula", "San Cristóbal de las Casas", NULL}},
    {"Chihuahua", "chih", 5, {"Chihuahua", "Ciudad Juárez", "Delicias", NULL}},
    {"Ciudad de México",
     "cdmx",
     14,
     {"Cuauhtémoc", "Iztapalapa", "Coyoacán", "Miguel Hidalgo", "Azcapotzalco",
      NULL}},
    {"Coahuila", "coah", 4, {"Saltillo", "Torreón", "Monclova", NULL}},
    {"Colima", "col", 2, {"Colima", "Manzanillo", NULL}},
    {"Durango", "dgo", 2, {"Durango", "Gómez Palacio", NULL}},
    {"Guanajuato",
     "gto",
     6,
     {"León", "Irapuato", "Celaya", "Salamanca", "Guanajuato", NULL}},
    {"Guerrero", "gro", 3, {"Acapulco", "Chilpancingo", "Iguala", NULL}},
    {"Hidalgo", "hgo", 3, {"Pachuca", "Tula de Allende", "Tulancingo", NULL}},
    {"Jalisco",
     "jal",
     8,
     {"Guadalajara", "Zapopan", "Tlaquepaque", "Puerto Vallarta", "Tonalá",
      NULL}},
    {"Estado de México",
     "mex",
     10,
     {"Toluca", "Ecatepec", "Naucalpan", "Tlalnepantla", "Texcoco", NULL}},
    {"Michoacán", "mich", 4, {"Morelia", "Lázaro Cárdenas", "Uruapan", NULL}},
    {"Morelos", "mor", 2, {"Cuernavaca", "Cuautla", "Jiutepec", NULL}},
    {"Nayarit", "nay", 2, {"Tepic", "Bahía de Banderas", NULL}},
    {"Nuevo León",
     "nl",
     8,
     {"Monterrey", "San Nicolás de los Garza", "Apodaca", "Cadereyta Jiménez",
      "Guadalupe", NULL}},
    {"Oaxaca", "oax", 3, {"Oaxaca de Juárez", "Salina Cruz", "Juchitán", NULL}},
    {"Puebla", "pue", 5, {"Puebla", "Tehuacán", "San Martín Texmelucan", NULL}},
    {"Querétaro", "qro", 4, {"Querétaro", "San Juan del Río", NULL}},
    {"Quintana Roo",
     "qroo",
     3,
     {"Cancún", "Chetumal", "Playa del Carmen", NULL}},
    {"San Luis Potosí", "slp", 3, {"San Luis Potosí", "Ciudad Valles", NULL}},
    {"Sinaloa", "sin", 3, {"Culiacán", "Mazatlán", "Los Mochis", NULL}},
    {"Sonora",
     "son",
     4,
     {"Hermosillo", "Ciudad Obregón", "Guaymas", "Nogales", NULL}},
    {"Tabasco", "tab", 3, {"Villahermosa", "Paraíso", "Cárdenas", NULL}},
    {"Tamaulipas",
     "tamps",
     5,
     {"Reynosa", "Tampico", "Altamira", "Nuevo Laredo", "Ciudad Madero", NULL}},
    {"Tlaxcala", "tlax", 2, {"Tlaxcala", "Apizaco", NULL}},
    {"Veracruz",
     "ver",
     7,
     {"Veracruz", "Xalapa", "Coatzacoalcos", "Minatitlán", "Poza Rica", NULL}},
    {"Yucatán", "yuc", 3, {"Mérida", "Progreso", "Valladolid", NULL}},
    {"Zacatecas", "zac", 2, {"Zacatecas", "Fresnillo", NULL}},
};

/*
 * Name templates: %C city, %S state, %Z a regional zone, %N a number,
 * %F a family name.
 */
struct sector_info {
	const char *code;  /* as seeded in schema v1 */
	int weight;        /* relative number of organizations */
	int assets_weight; /* relative assets per organization */
	int kind_weights
	    [ASSET_KIND_COUNT]; /* ics, server, network, app, cloud, ws, other */
	const char *templates[10]; /* organization names, NULL-terminated */
	const char *sites[6];      /* ICS site names, NULL-terminated */
};

static const struct sector_info sectors[] = {
    {"energy",
     30,
     26,
     {40, 15, 15, 8, 2, 12, 8},
     {"Comisión Federal de Electricidad — Zona %Z",
      "CFE Distribución — División %Z", "Central de Ciclo Combinado %C",
      "Pemex — Refinería de %C", "Parque Eólico %C",
      "CENACE — Gerencia de Control Regional %Z", "Gas Natural del %Z",
      "Central Hidroeléctrica %C", "Subestaciones Eléctricas de %S", NULL},
     {"Subestación", "Central", "Planta", "Línea de transmisión",
      "Patio de maniobras", NULL}},
    {"water",
     35,
     14,
     {45, 15, 12, 8, 2, 12, 6},
     {"Sistema de Agua Potable de %C", "Comisión Estatal del Agua de %S",
      "Organismo Operador de Agua de %C",
      "Junta Municipal de Agua y Saneamiento de %C",
      "Planta de Tratamiento de Aguas Residuales %C",
      "Sistema Intermunicipal de Agua de %C", NULL},
     {"Planta potabilizadora", "Pozo", "Cárcamo de bombeo", "Tanque",
      "Estación de rebombeo", NULL}},
    {"finance",
     35,
     18,
     {0, 30, 20, 25, 10, 15, 0},
     {"Banco Mercantil del %Z", "Caja Popular %C",
      "Sociedad Financiera Popular de %S", "Grupo Financiero %F",
      "Casa de Bolsa %F", "Afore %F", "Banca Regional de %S",
      "Unión de Crédito de %C", NULL},
     {NULL}},
    {"telecom",
     25,
     24,
     {0, 25, 45, 10, 8, 8, 4},
     {"Telecomunicaciones de %S", "Red Troncal %Z Telecom",
      "Fibra Óptica del %Z", "Cable %C S.A. de C.V.",
      "Telecomunicaciones de México — Oficina %S", "Operadora de Telefonía %F",
      NULL},
     {NULL}},
    {"transport",
     25,
     18,
     {20, 25, 15, 20, 5, 10, 5},
     {"Aeropuerto Internacional de %C", "Grupo Aeroportuario del %Z",
      "Administración del Sistema Portuario Nacional %C",
      "Sistema de Transporte Colectivo de %C", "Autopista %C–%S",
      "Ferrocarril del %Z", "Terminal de Autobuses de %C", NULL},
     {"Torre de control", "Terminal", "Patio de contenedores",
      "Centro de control de tráfico", "Estación", NULL}},
    {"health",
     40,
     14,
     {3, 30, 12, 25, 5, 22, 3},
     {"Hospital General de %C", "IMSS — Hospital General de Zona No. %N %C",
      "ISSSTE — Clínica Hospital %C", "Secretaría de Salud de %S",
      "Hospital Regional de Alta Especialidad de %C",
      "Laboratorio Estatal de Salud Pública de %S", "Hospital Infantil de %S",
      NULL},
     {"Quirófano", "Laboratorio", "Banco de sangre", NULL}},
    {"government",
     55,
     16,
     {0, 35, 15, 25, 8, 15, 2},
     {"Gobierno del Estado de %S", "Municipio de %C",
      "Secretaría de Finanzas de %S", "Secretaría de Seguridad Pública de %S",
      "Instituto Electoral de %S", "Poder Judicial del Estado de %S",
      "SAT — Administración Desconcentrada de %S", "Registro Civil de %S",
      "Congreso del Estado de %S", NULL},
     {NULL}},
    {"food",
     15,
     10,
     {30, 20, 15, 15, 5, 12, 3},
     {"Central de Abasto de %C", "Distribuidora de Alimentos del %Z",
      "Ingenio Azucarero %C", "Empacadora %F de %S", "Lácteos %F S.A. de C.V.",
      "Alimentación para el Bienestar — %C", NULL},
     {"Planta", "Cámara frigorífica", "Línea de envasado", NULL}},
    {"chemical",
     12,
     16,
     {45, 15, 12, 10, 2, 10, 6},
     {"Petroquímica %C", "Fertilizantes del %Z", "Planta de Cloro-Álcali %C",
      "Química Industrial de %S", "Complejo Petroquímico %C", NULL},
     {"Reactor", "Planta", "Tanque de almacenamiento", "Caldera", NULL}},
    {"emergency-services",
     18,
     10,
     {10, 30, 20, 25, 5, 10, 0},
     {"C5 — Centro de Comando y Control de %S",
      "Coordinación Estatal de Protección Civil de %S",
      "Cruz Roja Mexicana — Delegación %S", "Heroico Cuerpo de Bomberos de %C",
      "Centro de Atención 911 %S", NULL},
     {"Repetidor", "Sala de monitoreo", NULL}},
    {"digital-infrastructure",
     15,
     28,
     {0, 45, 25, 10, 15, 2, 3},
     {"Centro de Datos %C", "Punto de Intercambio de Internet %C",
      "Hosting %F S.A. de C.V.", "Nube %Z Servicios Digitales",
      "DNS Autoritativo %F", "Registro de Dominios %F", NULL},
     {NULL}},
    {"space",
     3,
     12,
     {30, 30, 20, 10, 5, 5, 0},
     {"Agencia Espacial Mexicana — %C", "Centro de Control Satelital %C",
      "Telecomunicaciones de México — Estación Terrena %C",
      "Sistema Satelital Mexsat — Centro de Control %C", NULL},
     {"Estación terrena", "Antena", NULL}},
};

static const char *const zones[] = {
    "Bajío",           "Noroeste",        "Norte",          "Golfo",
    "Golfo Centro",    "Peninsular",      "Centro Oriente", "Centro Occidente",
    "Sureste",         "Baja California", "Noreste",        "Pacífico",
    "Valle de México", "Centro Sur",      "Jalisco",
};

static const char *const first_names[] = {
    "María",    "José",      "Guadalupe", "Juan",    "Ana",       "Luis",
    "Verónica", "Carlos",    "Patricia",  "Jorge",   "Alejandra", "Miguel",
    "Rosa",     "Francisco", "Laura",     "Ricardo", "Gabriela",  "Fernando",
    "Claudia",  "Héctor",    "Mónica",    "Arturo",  "Silvia",    "Raúl",
};

static const char *const family_names[] = {
    "Hernández", "García",  "Martínez", "López",   "González", "Pérez",
    "Rodríguez", "Sánchez", "Ramírez",  "Cruz",    "Flores",   "Gómez",
    "Morales",   "Vázquez", "Reyes",    "Jiménez", "Torres",   "Díaz",
    "Gutiérrez", "Ruiz",    "Mendoza",  "Aguilar", "Ortiz",    "Castillo",
    "Moreno",    "Romero",  "Chávez",   "Rivera",  "Ibarra",   "Salazar",
};

static const char *const contact_roles[] = {
    "Jefe de TI",
    "Jefa de Seguridad de la Información",
    "Coordinador de Infraestructura",
    "Responsable de Ciberseguridad",
    "Gerente de Sistemas",
    "Directora de Tecnologías de la Información",
    "Ingeniero de Automatización",
    "Enlace de Ciberseguridad",
};

static const char *const abuse_users[] = {"abuse", "csirt", "seguridad", "soc",
                                          "cert"};

static const char *const analysts[] = {
    "ana.lopez",       "carlos.mendoza",    "diana.ruiz",     "eduardo.garcia",
    "fernanda.torres", "gabriel.hernandez", "hilda.martinez", "ivan.ramirez",
    "julia.flores",    "luis.castillo",     "mariana.vega",   "oscar.reyes",
};

static const char *const malware[] = {
    "Emotet",      "QakBot",     "LockBit 3.0",   "Mekotio",
    "Grandoreiro", "AgentTesla", "Cobalt Strike", "Mirai",
    "AsyncRAT",    "BlackCat",   "Formbook",      "IcedID",
};

/* ------------------------------------------------------------------ */
/* Products and their CPE names.                                       */

struct product_version {
	const char *display; /* product_version, "-": none */
	const char *cpe;     /* version and update components, "7.0:update_3" */
};

struct product {
	enum asset_kind kind; /* what it is */
	const char *vendor;   /* display vendor */
	const char *name;     /* display product */
	const char *hw_cpe;   /* "h:vendor:product" or NULL */
	const char *sw_cpe;   /* "a|o:vendor:product" or NULL */
	const char *stem;     /* asset name stem */
	struct product_version
	    versions[3]; /* first entries used, display NULL ends */
};

static const struct product products[] = {
    {ASSET_ICS,
     "Siemens",
     "SIMATIC S7-1500",
     "h:siemens:simatic_s7-1500",
     "o:siemens:simatic_s7-1500_cpu_firmware",
     "PLC",
     {{"V2.9.4", "2.9.4:*"}, {"V3.0.1", "3.0.1:*"}, {"V2.8.3", "2.8.3:*"}}},
    {ASSET_ICS,
     "Siemens",
     "SIMATIC S7-1200",
     "h:siemens:simatic_s7-1200",
     "o:siemens:simatic_s7-1200_cpu_firmware",
     "PLC",
     {{"V4.5.2", "4.5.2:*"}, {"V4.6.0", "4.6.0:*"}}},
    {ASSET_ICS,
     "Schneider Electric",
     "Modicon M580",
     "h:schneider-electric:modicon_m580",
     "o:schneider-electric:modicon_m580_firmware",
     "PLC",
     {{"SV4.10", "4.10:*"}, {"SV3.20", "3.20:*"}}},
    {ASSET_ICS,
     "Rockwell Automation",
     "ControlLogix 5580",
     "h:rockwellautomation:controllogix_5580",
     "o:rockwellautomation:controllogix_5580_firmware",
     "PLC",
     {{"33.011", "33.011:*"}, {"34.011", "34.011:*"}}},
    {ASSET_ICS,
     "ABB",
     "RTU560",
     "h:abb:rtu560",
     "o:abb:rtu500_series_firmware",
     "RTU",
     {{"12.7.4", "12.7.4:*"}}},
    {ASSET_ICS,
     "SEL",
     "SEL-751 Feeder Protection Relay",
     "h:selinc:sel-751",
     "o:selinc:sel-751_firmware",
     "Relé",
     {{"R420", "r420:*"}}},
    {ASSET_ICS,
     "Honeywell",
     "Experion PKS",
     NULL,
     "a:honeywell:experion_process_knowledge_system",
     "DCS",
     {{"R510.2", "r510.2:*"}, {"R520.1", "r520.1:*"}}},
    {ASSET_ICS,
     "AVEVA",
     "InTouch HMI",
     NULL,
     "a:aveva:intouch",
     "HMI",
     {{"2020 R2", "2020:r2"}, {"2023", "2023:*"}}},
    {ASSET_ICS,
     "Moxa",
     "NPort 5150",
     "h:moxa:nport_5150",
     "o:moxa:nport_5150_firmware",
     "Gateway",
     {{"3.9", "3.9:*"}}},
    {ASSET_ICS,
     "Schneider Electric",
     "EcoStruxure Geo SCADA Expert",
     NULL,
     "a:schneider-electric:ecostruxure_geo_scada_expert",
     "SCADA",
     {{"2021", "2021:*"}, {"2023", "2023:*"}}},
    {ASSET_ICS, "GE", "iFIX", NULL, "a:ge:ifix", "HMI", {{"6.5", "6.5:*"}}},
    {ASSET_SERVER,
     "Microsoft",
     "Exchange Server",
     NULL,
     "a:microsoft:exchange_server",
     "mail",
     {{"2019 CU12", "2019:cumulative_update_12"},
      {"2019 CU13", "2019:cumulative_update_13"},
      {"2016 CU23", "2016:cumulative_update_23"}}},
    {ASSET_SERVER,
     "Microsoft",
     "Windows Server 2019",
     NULL,
     "o:microsoft:windows_server_2019",
     "srv",
     {{"1809", "-:*"}}},
    {ASSET_SERVER,
     "Microsoft",
     "Windows Server 2022",
     NULL,
     "o:microsoft:windows_server_2022",
     "srv",
     {{"21H2", "-:*"}}},
    {ASSET_SERVER,
     "Red Hat",
     "Enterprise Linux",
     NULL,
     "o:redhat:enterprise_linux",
     "srv",
     {{"8.8", "8.8:*"}, {"9.2", "9.2:*"}, {"7.9", "7.9:*"}}},
    {ASSET_SERVER,
     "Canonical",
     "Ubuntu Linux",
     NULL,
     "o:canonical:ubuntu_linux",
     "srv",
     {{"22.04 LTS", "22.04:*"}, {"20.04 LTS", "20.04:*"}}},
    {ASSET_SERVER,
     "VMware",
     "ESXi",
     NULL,
     "o:vmware:esxi",
     "esx",
     {{"7.0 U3", "7.0:update_3"}, {"8.0 U1", "8.0:update_1"}}},
    {ASSET_SERVER,
     "Oracle",
     "Database Server",
     NULL,
     "a:oracle:database_server",
     "db",
     {{"19c", "19c:*"}}},
    {ASSET_SERVER,
     "Apache",
     "HTTP Server",
     NULL,
     "a:apache:http_server",
     "web",
     {{"2.4.57", "2.4.57:*"}, {"2.4.49", "2.4.49:*"}}},
    {ASSET_SERVER,
     "Microsoft",
     "SQL Server",
     NULL,
     "a:microsoft:sql_server",
     "sql",
     {{"2019", "2019:*"}}},
    {ASSET_NETWORK,
     "Fortinet",
     "FortiGate (FortiOS)",
     NULL,
     "o:fortinet:fortios",
     "fw",
     {{"7.2.4", "7.2.4:*"}, {"7.0.12", "7.0.12:*"}, {"6.4.9", "6.4.9:*"}}},
    {ASSET_NETWORK,
     "Cisco",
     "IOS XE",
     NULL,
     "o:cisco:ios_xe",
     "rtr",
     {{"17.9.3", "17.9.3:*"}, {"16.12.4", "16.12.4:*"}}},
    {ASSET_NETWORK,
     "Palo Alto Networks",
     "PAN-OS",
     NULL,
     "o:paloaltonetworks:pan-os",
     "fw",
     {{"10.2.4", "10.2.4:*"}, {"11.0.2", "11.0.2:*"}}},
    {ASSET_NETWORK,
     "Juniper Networks",
     "Junos OS",
     NULL,
     "o:juniper:junos",
     "rtr",
     {{"21.4R3", "21.4:r3"}, {"22.2R1", "22.2:r1"}}},
    {ASSET_NETWORK,
     "Ivanti",
     "Connect Secure",
     NULL,
     "a:ivanti:connect_secure",
     "vpn",
     {{"22.3R1", "22.3:r1"}, {"9.1R18", "9.1:r18"}}},
    {ASSET_NETWORK,
     "MikroTik",
     "RouterOS",
     NULL,
     "o:mikrotik:routeros",
     "rtr",
     {{"6.49.7", "6.49.7:*"}, {"7.11", "7.11:*"}}},
    {ASSET_NETWORK,
     "Citrix",
     "NetScaler ADC",
     NULL,
     "a:citrix:netscaler_application_delivery_controller",
     "adc",
     {{"13.1-49.13", "13.1-49.13:*"}}},
    {ASSET_APPLICATION,
     "SAP",
     "NetWeaver AS Java",
     NULL,
     "a:sap:netweaver_application_server_java",
     "sap",
     {{"7.50", "7.50:*"}}},
    {ASSET_APPLICATION,
     "Atlassian",
     "Confluence Data Center",
     NULL,
     "a:atlassian:confluence_data_center",
     "wiki",
     {{"8.5.1", "8.5.1:*"}, {"7.19.8", "7.19.8:*"}}},
    {ASSET_APPLICATION,
     "Microsoft",
     "SharePoint Server",
     NULL,
     "a:microsoft:sharepoint_server",
     "portal",
     {{"2019", "2019:*"}}},
    {ASSET_APPLICATION,
     "WordPress",
     "WordPress",
     NULL,
     "a:wordpress:wordpress",
     "www",
     {{"6.3.1", "6.3.1:*"}, {"5.8.2", "5.8.2:*"}}},
    {ASSET_APPLICATION,
     "Moodle",
     "Moodle",
     NULL,
     "a:moodle:moodle",
     "aula",
     {{"4.1.4", "4.1.4:*"}}},
    {ASSET_APPLICATION,
     "GitLab",
     "GitLab Community Edition",
     NULL,
     "a:gitlab:gitlab",
     "git",
     {{"16.1.0", "16.1.0:*"}}},
    {ASSET_APPLICATION,
     "Progress",
     "MOVEit Transfer",
     NULL,
     "a:progress:moveit_transfer",
     "sftp",
     {{"2023.0.1", "2023.0.1:*"}}},
    {ASSET_CLOUD,
     "Microsoft",
     "Microsoft 365 Apps",
     NULL,
     "a:microsoft:365_apps",
     "m365",
     {{"-", "-:*"}}},
    {ASSET_CLOUD,
     "Amazon Web Services",
     "Amazon S3",
     NULL,
     NULL,
     "s3",
     {{"-", NULL}}},
    {ASSET_CLOUD,
     "Google",
     "Google Workspace",
     NULL,
     NULL,
     "gws",
     {{"-", NULL}}},
    {ASSET_CLOUD,
     "Microsoft",
     "Azure Kubernetes Service",
     NULL,
     NULL,
     "aks",
     {{"1.27", NULL}}},
    {ASSET_WORKSTATION,
     "Microsoft",
     "Windows 10",
     NULL,
     "o:microsoft:windows_10_22h2",
     "pc",
     {{"22H2", "-:*"}}},
    {ASSET_WORKSTATION,
     "Microsoft",
     "Windows 11",
     NULL,
     "o:microsoft:windows_11_23h2",
     "pc",
     {{"23H2", "-:*"}}},
    {ASSET_WORKSTATION,
     "Apple",
     "macOS",
     NULL,
     "o:apple:macos",
     "mac",
     {{"13.5", "13.5:*"}, {"14.2", "14.2:*"}}},
    {ASSET_OTHER,
     "Hikvision",
     "DS-2CD2142FWD-I",
     "h:hikvision:ds-2cd2142fwd-i",
     "o:hikvision:ds-2cd2142fwd-i_firmware",
     "cam",
     {{"5.5.0", "5.5.0:*"}}},
    {ASSET_OTHER,
     "APC",
     "Smart-UPS SRT 1000",
     "h:apc:smart-ups_srt1000",
     NULL,
     "ups",
     {{"-", NULL}}},
    {ASSET_OTHER,
     "Axis",
     "M3106-L Mk II",
     "h:axis:m3106-l_mk_ii",
     "o:axis:m3106-l_mk_ii_firmware",
     "cam",
     {{"10.12.153", "10.12.153:*"}}},
};

/* ------------------------------------------------------------------ */
/* What alerts and incidents are about.                                */

enum {
	OBS_VICTIM_IP = 1 << 0, /* the organization's address */
	OBS_SOURCE_IP = 1 << 1, /* an outside address */
	OBS_FQDN = 1 << 2,      /* a malicious or victim domain */
	OBS_URL = 1 << 3,       /* a URL */
	OBS_ASN = 1 << 4,       /* an autonomous system */
	OBS_HASH = 1 << 5,      /* a SHA-256 */
};

/*
 * Title placeholders: %I victim IP, %X outside IP, %M malware, %D domain,
 * %U URL, %O organization, %H asset name, %P port, %G a small number.
 */
struct event_kind {
	const char *feed;        /* feed name */
	const char *provider;    /* feed provider */
	const char *cls;         /* RSIT class */
	const char *type;        /* RSIT type */
	int alert_weight;        /* share of the alert stream, 0: only linked */
	int incident_weight;     /* share of incidents */
	int severity[5];         /* weights of info..critical */
	unsigned obs;            /* OBS_* observables */
	const char *alert_title; /* alert title template */
	const char *incident_title; /* incident title template (Spanish) */
};

static const struct event_kind events[] = {
    {"shadowserver-scan",
     "Shadowserver Foundation",
     "vulnerable",
     "vulnerable-system",
     90,
     40,
     {20, 45, 28, 7, 0},
     OBS_VICTIM_IP | OBS_ASN,
     "Accessible RDP service on %I (3389/tcp)",
     "Servicio RDP expuesto a Internet en %O"},
    {"shadowserver-scan",
     "Shadowserver Foundation",
     "vulnerable",
     "potentially-unwanted-accessible",
     45,
     45,
     {0, 10, 40, 40, 10},
     OBS_VICTIM_IP | OBS_ASN,
     "Accessible Modbus/TCP (502/tcp) on %I",
     "Controlador industrial de %O accesible desde Internet (%H)"},
    {"shadowserver-scan",
     "Shadowserver Foundation",
     "vulnerable",
     "ddos-amplifier",
     70,
     10,
     {25, 45, 25, 5, 0},
     OBS_VICTIM_IP | OBS_ASN,
     "Open DNS resolver on %I (53/udp)",
     "Resolvedor DNS abierto usado para amplificación en %O"},
    {"shadowserver-scan",
     "Shadowserver Foundation",
     "vulnerable",
     "vulnerable-system",
     60,
     45,
     {0, 10, 35, 40, 15},
     OBS_VICTIM_IP | OBS_ASN,
     "Vulnerable Fortinet SSL-VPN on %I (CVE-2023-27997)",
     "Equipo perimetral vulnerable (CVE-2023-27997) en %O"},
    {"shadowserver-scan",
     "Shadowserver Foundation",
     "vulnerable",
     "vulnerable-system",
     40,
     25,
     {0, 10, 40, 40, 10},
     OBS_VICTIM_IP | OBS_ASN,
     "Vulnerable Exchange server on %I (ProxyNotShell)",
     "Servidor Exchange vulnerable (ProxyNotShell) en %O"},
    {"shadowserver-sinkhole",
     "Shadowserver Foundation",
     "malicious-code",
     "infected-system",
     55,
     50,
     {0, 10, 40, 40, 10},
     OBS_VICTIM_IP | OBS_ASN | OBS_FQDN,
     "Sinkhole connection from %I: %M",
     "Equipo infectado con %M en %O"},
    {"misp-circl",
     "CIRCL",
     "malicious-code",
     "c2-server",
     40,
     35,
     {0, 5, 35, 45, 15},
     OBS_SOURCE_IP | OBS_FQDN | OBS_HASH,
     "MISP IOC match: %M C2 at %D",
     "Comunicación con servidor C2 de %M desde %O"},
    {"misp-circl",
     "CIRCL",
     "fraud",
     "phishing",
     35,
     40,
     {5, 20, 45, 25, 5},
     OBS_URL | OBS_FQDN,
     "MISP IOC match: phishing kit impersonating %O at %U",
     "Campaña de phishing que suplanta a %O"},
    {"intelmq-spamhaus",
     "Spamhaus",
     "abusive-content",
     "spam",
     80,
     15,
     {25, 50, 20, 5, 0},
     OBS_VICTIM_IP | OBS_ASN,
     "Spamhaus CSS listing: spam source %I",
     "Envío de spam desde infraestructura de %O"},
    {"intelmq-spamhaus",
     "Spamhaus",
     "malicious-code",
     "infected-system",
     50,
     25,
     {0, 15, 45, 35, 5},
     OBS_VICTIM_IP | OBS_ASN,
     "Spamhaus XBL listing: %I infected with %M",
     "Botnet %M en equipos de %O"},
    {"ids-sensor-03",
     "Red de sensores del CSIRT",
     "intrusion-attempts",
     "ids-alert",
     120,
     20,
     {30, 35, 25, 9, 1},
     OBS_SOURCE_IP | OBS_VICTIM_IP,
     "ET EXPLOIT Fortinet FortiOS SSL-VPN path traversal (CVE-2018-13379) "
     "from %X to %I",
     "Intentos de explotación contra la VPN de %O"},
    {"ids-sensor-03",
     "Red de sensores del CSIRT",
     "intrusion-attempts",
     "brute-force",
     90,
     25,
     {20, 45, 25, 9, 1},
     OBS_SOURCE_IP | OBS_VICTIM_IP,
     "SSH brute force from %X against %I",
     "Ataque de fuerza bruta contra accesos remotos de %O"},
    {"ids-sensor-07",
     "Red de sensores del CSIRT",
     "intrusion-attempts",
     "exploit",
     50,
     25,
     {5, 25, 40, 25, 5},
     OBS_SOURCE_IP | OBS_VICTIM_IP,
     "ET EXPLOIT Apache HTTP Server path traversal (CVE-2021-41773) "
     "against %I",
     "Explotación de servidor web de %O (%H)"},
    {"ids-sensor-03",
     "Red de sensores del CSIRT",
     "availability",
     "ddos",
     20,
     30,
     {0, 10, 30, 45, 15},
     OBS_VICTIM_IP | OBS_ASN,
     "Volumetric DDoS towards %I (%G Gbps)",
     "Ataque DDoS contra servicios de %O"},
    {"abusech-urlhaus",
     "abuse.ch",
     "malicious-code",
     "malware-distribution",
     45,
     15,
     {5, 25, 45, 20, 5},
     OBS_URL | OBS_FQDN | OBS_HASH,
     "URLhaus: %M payload served from %U",
     "Sitio de %O distribuye malware (%M)"},
    {"openphish",
     "OpenPhish",
     "fraud",
     "phishing",
     40,
     20,
     {5, 25, 45, 20, 5},
     OBS_URL | OBS_FQDN,
     "Phishing page impersonating %O: %U",
     "Sitio apócrifo que suplanta a %O"},
    {"csirt-honeypot",
     "Honeypots del CSIRT",
     "information-gathering",
     "scanner",
     110,
     5,
     {60, 30, 10, 0, 0},
     OBS_SOURCE_IP | OBS_ASN,
     "Honeypot: mass scan of %P/tcp from %X",
     "Escaneo dirigido contra %O desde %X"},
    {"leak-monitor",
     "Monitoreo de fugas",
     "information-content-security",
     "data-leak",
     15,
     30,
     {0, 10, 35, 40, 15},
     OBS_FQDN | OBS_URL,
     "Credentials of %D published on a paste site",
     "Fuga de credenciales de %O publicada en foro"},
    {"edr-telemetry",
     "EDR de constituyentes",
     "malicious-code",
     "infected-system",
     0,
     35,
     {0, 0, 10, 45, 45},
     OBS_VICTIM_IP | OBS_HASH,
     "EDR: ransomware behaviour (%M) on %H",
     "Ransomware %M en %O"},
    {"edr-telemetry",
     "EDR de constituyentes",
     "intrusions",
     "system-compromise",
     0,
     30,
     {0, 0, 15, 50, 35},
     OBS_VICTIM_IP | OBS_SOURCE_IP | OBS_HASH,
     "EDR: web shell written on %H",
     "Compromiso del servidor %H de %O"},
    {"siem-constituent",
     "SIEM de constituyentes",
     "intrusions",
     "privileged-account-compromise",
     0,
     20,
     {0, 0, 20, 50, 30},
     OBS_SOURCE_IP,
     "Impossible travel sign-in of a domain admin from %X",
     "Cuenta privilegiada comprometida en %O"},
    {"ot-monitor",
     "Monitoreo OT",
     "availability",
     "sabotage",
     0,
     10,
     {0, 0, 10, 40, 50},
     OBS_SOURCE_IP | OBS_VICTIM_IP,
     "OT monitor: unauthorised program download to %H from %X",
     "Manipulación no autorizada de %H en %O"},
};

/* SLA to the deadline by severity (info..critical). */
static const int64_t sla_by_severity[5] = {14 * DAY, 7 * DAY, 72 * HOUR,
                                           24 * HOUR, 4 * HOUR};

/* Status weights for the incident mix (new..closed). */
static const int status_weights[INCIDENT_STATUS_COUNT] = {10, 12, 20, 10,
                                                          10, 15, 23};

/* Analyst notes by stage. %O org, %A abuse, %H asset, %M malware, %I IP,
 * %S sector, %K alert count, %N analyst, %R reference. */
static const char *const notes_open[] = {
    "Se notificó a %O a través de %A; en espera de acuse de recibo.",
    "Notified %O via %A, awaiting acknowledgement.",
    "Triage: %K alertas correlacionadas por la IP %I.",
    "Triage: %K alerts correlated on %I; raising priority.",
    "Se confirma con el enlace de %O que %H está en producción.",
};
static const char *const notes_work[] = {
    "Se solicitaron bitácoras de firewall y proxy de las últimas 72 h.",
    "Requested firewall and proxy logs for the last 72 hours.",
    "IOC compartidos con la comunidad en MISP (TLP:AMBER).",
    "Shared IOCs with the MISP community, TLP:AMBER.",
    "Se identificó persistencia asociada a %M en %H.",
    "Memory image of %H collected; analysis of %M in progress.",
    "Reasignado a %N por turno.",
    "Se coordinó con el regulador del sector %S.",
};
static const char *const notes_wait[] = {
    "Sin respuesta de %O tras 48 h; se escala al enlace institucional.",
    "Waiting for %O to provide the requested evidence.",
    "En espera de ventana de mantenimiento para parchar %H.",
};
static const char *const notes_contain[] = {
    "%H aislado de la red por el operador de %O.",
    "Host %H isolated; forensic image taken before rebuild.",
    "Se bloqueó %I en el perímetro de %O.",
    "Blocked %I at the perimeter; no further beaconing observed.",
};
static const char *const notes_resolve[] = {
    "Se aplicó el parche del fabricante en %H; se verificó con escaneo "
    "externo.",
    "Vendor patch applied on %H, verified with an external rescan.",
    "Causa raíz identificada; recomendaciones enviadas a %O.",
    "Root cause confirmed; recommendations sent to %A.",
};
static const char *const notes_close[] = {
    "Cierre: sin actividad adicional en 7 días.",
    "Closed: no further activity observed for seven days.",
    "Cierre acordado con %O; lecciones aprendidas documentadas.",
};

/* ------------------------------------------------------------------ */
/* Generation state.                                                   */

struct gen_org {
	int64_t id;         /* store rowid */
	char *name;         /* unique display name (owned) */
	char *domain;       /* "slug.example.mx" (owned) */
	char *abuse;        /* abuse address (owned) */
	int sector;         /* index into sectors */
	int state;          /* index into states */
	int city;           /* index into the state's cities */
	size_t first_asset; /* index of its first asset in gen.assets */
	size_t n_assets;    /* how many it has */
};

struct gen_asset {
	int64_t id;           /* store rowid */
	char *name;           /* asset name (owned) */
	char ip[20];          /* address, "" when none */
	bool is_public;       /* the address is reachable from outside */
	int criticality;      /* 1-5 */
	enum asset_kind kind; /* kind */
};

struct gen_incident {
	struct incident inc; /* as written (owned contents) */
	int event;           /* index into events */
	size_t org;          /* index into gen.orgs */
	size_t asset;        /* main asset index, SIZE_MAX: none */
	int n_alerts;        /* alerts it was promoted from */
};

struct gen {
	struct store *s;           /* where rows go (borrowed) */
	const struct demo_opts *o; /* options (borrowed) */
	struct demo_counts counts; /* what was written */
	int64_t now;               /* the clock */
	struct gen_org *orgs;      /* organizations (owned) */
	size_t n_orgs;             /* entries in orgs */
	struct gen_asset *assets;  /* assets (owned) */
	size_t n_assets;           /* entries in assets */
	struct gen_incident *incs; /* incidents (owned) */
	size_t n_incs;             /* entries in incs */
	int64_t n_alerts;          /* alerts to write in total */
	int64_t alert_seq;         /* alerts numbered so far */
	uint64_t *name_set;        /* hashes of organization names used */
	size_t name_set_size;      /* slots (power of two) */
	int batch;                 /* rows per transaction */
	struct strbuf tmp;         /* scratch */
};

/* ------------------------------------------------------------------ */
/* Helpers.                                                            */

static size_t
pick_weighted(struct rng *r, const int *w, size_t n)
{
	int64_t total = 0, x;

	for (size_t i = 0; i < n; i++)
		total += w[i];
	x = (int64_t)rng_below(r, (uint64_t)total);
	for (size_t i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

static const char *
pick(struct rng *r, const char *const *v, size_t n)
{
	return v[rng_below(r, n)];
}

static size_t
city_count(const struct state_info *st)
{
	size_t n = 0;

	while (n < COUNT(st->cities) && st->cities[n])
		n++;
	return n;
}

/* Lower-case ASCII slug of s: accents dropped, other runs become '-'. */
static void
slug_append(struct strbuf *out, const char *s)
{
	static const char from[] = "áéíóúüñÁÉÍÓÚÑ";
	static const char to[] = "aeiouunAEIOUN";
	bool is_dash = true;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int c = *p;

		if (c == 0xc3 && p[1]) {
			for (size_t i = 0; from[i]; i += 2) {
				if ((unsigned char)from[i + 1] == p[1]) {
					c = (unsigned char)to[i / 2];
					break;
				}
			}
			p++;
		}
		if (c >= 'A' && c <= 'Z')
			c = c - 'A' + 'a';
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			strbuf_addch(out, (char)c);
			is_dash = false;
		} else if (!is_dash) {
			strbuf_addch(out, '-');
			is_dash = true;
		}
	}
	if (out->len && out->buf[out->len - 1] == '-')
		strbuf_setlen(out, out->len - 1);
}

/* Initials of the significant words of a name, lower-case ASCII. */
static void
acronym_append(struct strbuf *out, const char *name)
{
	static const char *const skip[] = {"de",  "del",  "la",   "las",
	                                   "los", "y",    "el",   "para",
	                                   "No.", "S.A.", "C.V.", "—"};
	const char *p = name;

	while (*p) {
		size_t n = strcspn(p, " ");
		bool is_skipped = false;

		for (size_t i = 0; i < COUNT(skip); i++)
			if (strlen(skip[i]) == n && strncmp(p, skip[i], n) == 0)
				is_skipped = true;
		if (n && !is_skipped) {
			struct strbuf w;

			strbuf_init(&w);
			strbuf_add(&w, p, n);
			{
				struct strbuf sl;

				strbuf_init(&sl);
				slug_append(&sl, w.buf);
				if (sl.len && sl.buf[0] >= 'a' &&
				    sl.buf[0] <= 'z')
					strbuf_addch(out, sl.buf[0]);
				strbuf_release(&sl);
			}
			strbuf_release(&w);
		}
		p += n;
		while (*p == ' ')
			p++;
	}
}

static uint64_t
fnv1a(const char *s)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(0x100000001b3);
	}
	return h ? h : 1;
}

/* Add name's hash to the set; false when it was there already. */
static bool
name_set_add(struct gen *g, const char *name)
{
	uint64_t h = fnv1a(name);
	size_t mask = g->name_set_size - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		if (g->name_set[i] == h)
			return false;
		if (g->name_set[i] == 0) {
			g->name_set[i] = h;
			return true;
		}
	}
}

struct fill {
	const char *org;     /* %O */
	const char *abuse;   /* %A */
	const char *asset;   /* %H */
	const char *malware; /* %M */
	const char *vip;     /* %I */
	const char *xip;     /* %X */
	const char *domain;  /* %D */
	const char *url;     /* %U */
	const char *sector;  /* %S */
	const char *analyst; /* %N */
	int port;            /* %P */
	int number;          /* %G, %K */
};

/* Expand a template with the placeholders above into out (appending). */
static void
expand(struct strbuf *out, const char *tpl, const struct fill *f)
{
	for (const char *p = tpl; *p; p++) {
		const char *v = NULL;

		if (*p != '%' || !p[1]) {
			strbuf_addch(out, *p);
			continue;
		}
		switch (*++p) {
		case 'O':
			v = f->org;
			break;
		case 'A':
			v = f->abuse;
			break;
		case 'H':
			v = f->asset;
			break;
		case 'M':
			v = f->malware;
			break;
		case 'I':
			v = f->vip;
			break;
		case 'X':
			v = f->xip;
			break;
		case 'D':
			v = f->domain;
			break;
		case 'U':
			v = f->url;
			break;
		case 'S':
			v = f->sector;
			break;
		case 'N':
			v = f->analyst;
			break;
		case 'P':
			strbuf_addf(out, "%d", f->port);
			continue;
		case 'G':
		case 'K':
			strbuf_addf(out, "%d", f->number);
			continue;
		default:
			strbuf_addch(out, '%');
			strbuf_addch(out, *p);
			continue;
		}
		strbuf_adds(out, v ? v : "?");
	}
}

/* An address in the documentation ranges (RFC 5737). */
static void
doc_ip(struct rng *r, char *out, size_t outsz)
{
	static const char *const nets[] = {"192.0.2", "198.51.100",
	                                   "203.0.113"};

	snprintf(out, outsz, "%s.%d", pick(r, nets, COUNT(nets)),
	         (int)rng_range(r, 1, 254));
}

static int
progress(struct gen *g, const char *phase, int64_t done, int64_t total)
{
	if (g->o->progress)
		g->o->progress(g->o->progress_ctx, phase, done, total);
	return 0;
}

/* Commit every batch rows (and begin the next); flush at the end. */
static int
batch_step(struct gen *g, int64_t done, int64_t total, const char *phase,
           struct err *e)
{
	int rc;

	if (done % g->batch != 0 && done != total)
		return 0;
	rc = store_commit(g->s, e);
	if (rc)
		return rc;
	progress(g, phase, done, total);
	if (done == total)
		return 0;
	return store_begin(g->s, e);
}

static int64_t
clamp_past(const struct gen *g, int64_t t)
{
	return t > g->now ? g->now : t;
}

/* ------------------------------------------------------------------ */
/* Organizations.                                                      */

static void
org_name(struct gen *g, struct rng *r, struct gen_org *go, struct strbuf *out)
{
	const struct sector_info *sec = &sectors[go->sector];
	const struct state_info *st = &states[go->state];
	size_t nt = 0;

	while (nt < COUNT(sec->templates) && sec->templates[nt])
		nt++;
	for (int attempt = 0;; attempt++) {
		const char *tpl = sec->templates[rng_below(r, nt)];

		strbuf_reset(out);
		for (const char *p = tpl; *p; p++) {
			if (*p != '%' || !p[1]) {
				strbuf_addch(out, *p);
				continue;
			}
			switch (*++p) {
			case 'C':
				strbuf_adds(out, st->cities[go->city]);
				break;
			case 'S':
				strbuf_adds(out, st->name);
				break;
			case 'Z':
				strbuf_adds(out, pick(r, zones, COUNT(zones)));
				break;
			case 'N':
				strbuf_addf(out, "%d",
				            (int)rng_range(r, 1, 99));
				break;
			case 'F':
				strbuf_adds(out, pick(r, family_names,
				                      COUNT(family_names)));
				break;
			default:
				strbuf_addch(out, *p);
				break;
			}
		}
		if (attempt >= 6) {
			/* Crowded: number the sites of the same name. */
			size_t base = out->len;

			for (int n = 2;; n++) {
				strbuf_setlen(out, base);
				strbuf_addf(out, " — Sede %d", n);
				if (name_set_add(g, out->buf))
					return;
			}
		}
		if (name_set_add(g, out->buf))
			return;
		/* Another city of the same state may free the name. */
		go->city = (int)rng_below(r, city_count(st));
	}
}

static int
gen_organizations(struct gen *g, struct err *e)
{
	struct rng r;
	int sector_w[COUNT(sectors)], state_w[COUNT(states)];
	struct strbuf name, dom;
	int rc = 0;

	rng_seed(&r, g->o->seed ^ UINT64_C(0x6f726761));
	for (size_t i = 0; i < COUNT(sectors); i++)
		sector_w[i] = sectors[i].weight;
	for (size_t i = 0; i < COUNT(states); i++)
		state_w[i] = states[i].weight;
	strbuf_init(&name);
	strbuf_init(&dom);
	rc = store_begin(g->s, e);
	if (rc)
		goto out;
	for (size_t i = 0; i < g->n_orgs; i++) {
		struct gen_org *go = &g->orgs[i];
		struct organization o;
		const char *first = pick(&r, first_names, COUNT(first_names));
		const char *family =
		    pick(&r, family_names, COUNT(family_names));
		char rid[32];

		/* The first ones cover every sector and every state. */
		go->sector =
		    i < COUNT(sectors)
		        ? (int)i
		        : (int)pick_weighted(&r, sector_w, COUNT(sectors));
		go->state =
		    i < COUNT(states)
		        ? (int)i
		        : (int)pick_weighted(&r, state_w, COUNT(states));
		go->city = (int)rng_below(&r, city_count(&states[go->state]));
		org_name(g, &r, go, &name);
		go->name = xstrdup(name.buf);

		strbuf_reset(&dom);
		acronym_append(&dom, go->name);
		strbuf_addch(&dom, '-');
		slug_append(&dom, states[go->state].cities[go->city]);
		strbuf_adds(&dom, ".example.mx");
		go->domain = xstrdup(dom.buf);
		strbuf_reset(&dom);
		strbuf_addf(&dom, "%s@%s",
		            pick(&r, abuse_users, COUNT(abuse_users)),
		            go->domain);
		go->abuse = xstrdup(dom.buf);

		organization_init(&o);
		snprintf(rid, sizeof(rid), "demo-org-%06zu", i + 1);
		o.meta.source = xstrdup(RECORD_SOURCE_LOCAL);
		o.meta.remote_id = xstrdup(rid);
		o.meta.created_at =
		    g->now - rng_range(&r, 90 * DAY, 3 * 365 * DAY);
		o.meta.updated_at = clamp_past(
		    g, o.meta.created_at + rng_range(&r, 0, 365 * DAY));
		o.name = xstrdup(go->name);
		o.sector = xstrdup(sectors[go->sector].code);
		o.region = xstrdup(states[go->state].name);
		strbuf_reset(&dom);
		slug_append(&dom, first);
		strbuf_addch(&dom, '.');
		slug_append(&dom, family);
		strbuf_reset(&name);
		strbuf_addf(&name, "%s %s, %s, +52 %d 5550 %04d, %s@%s", first,
		            family,
		            pick(&r, contact_roles, COUNT(contact_roles)),
		            (int)rng_range(&r, 22, 999),
		            (int)rng_below(&r, 10000), dom.buf, go->domain);
		o.contact = xstrdup(name.buf);
		o.abuse_contact = xstrdup(go->abuse);
		rc = store_organization_upsert(g->s, &o, NULL, e);
		go->id = o.meta.id;
		organization_release(&o);
		if (rc)
			goto out;
		g->counts.organizations++;
		rc = batch_step(g, (int64_t)i + 1, (int64_t)g->n_orgs,
		                "organizations", e);
		if (rc)
			goto out;
	}
out:
	strbuf_release(&name);
	strbuf_release(&dom);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Assets.                                                             */

/* Split g->n_assets over the organizations by sector weight. */
static void
plan_asset_counts(struct gen *g, struct rng *r)
{
	int64_t *w;
	int64_t total = 0;
	size_t assigned = 0, pos = 0;

	if (g->n_orgs == 0)
		return;
	w = xcalloc(g->n_orgs, sizeof(*w));
	for (size_t i = 0; i < g->n_orgs; i++) {
		w[i] = sectors[g->orgs[i].sector].assets_weight *
		       rng_range(r, 50, 150);
		total += w[i];
	}
	for (size_t i = 0; i < g->n_orgs; i++) {
		g->orgs[i].n_assets = (size_t)((double)g->n_assets *
		                               (double)w[i] / (double)total);
		if (g->orgs[i].n_assets == 0)
			g->orgs[i].n_assets = 1;
		assigned += g->orgs[i].n_assets;
	}
	/* Rounding: hand out or take back the difference round-robin. */
	for (size_t i = 0; assigned < g->n_assets; i = (i + 1) % g->n_orgs) {
		g->orgs[i].n_assets++;
		assigned++;
	}
	for (size_t i = 0; assigned > g->n_assets; i = (i + 1) % g->n_orgs) {
		if (g->orgs[i].n_assets > 1) {
			g->orgs[i].n_assets--;
			assigned--;
		}
	}
	for (size_t i = 0; i < g->n_orgs; i++) {
		g->orgs[i].first_asset = pos;
		pos += g->orgs[i].n_assets;
	}
	free(w);
}

static const struct product *
pick_product(struct rng *r, enum asset_kind kind)
{
	size_t n = 0, k;

	for (size_t i = 0; i < COUNT(products); i++)
		if (products[i].kind == kind)
			n++;
	k = rng_below(r, n);
	for (size_t i = 0; i < COUNT(products); i++)
		if (products[i].kind == kind && k-- == 0)
			return &products[i];
	return &products[0];
}

static void
add_cpe(struct asset *a, const char *base, const char *ver)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "cpe:2.3:%s:%s:*:*:*:*:*:*", base, ver);
	strvec_push_take(&a->cpes, strbuf_detach(&sb, NULL));
}

static int
criticality_for(struct rng *r, enum asset_kind kind)
{
	static const int w[ASSET_KIND_COUNT][5] = {
	    [ASSET_ICS] = {0, 2, 15, 40, 43},
	    [ASSET_SERVER] = {5, 20, 35, 30, 10},
	    [ASSET_NETWORK] = {2, 13, 35, 35, 15},
	    [ASSET_APPLICATION] = {5, 25, 40, 25, 5},
	    [ASSET_CLOUD] = {5, 25, 40, 25, 5},
	    [ASSET_WORKSTATION] = {50, 35, 13, 2, 0},
	    [ASSET_OTHER] = {30, 40, 25, 5, 0},
	};

	return (int)pick_weighted(r, w[kind], 5) + 1;
}

static void
build_asset(struct gen *g, struct rng *r, size_t oi, size_t k, struct asset *a,
            struct gen_asset *ga, struct strbuf *sb)
{
	const struct gen_org *go = &g->orgs[oi];
	const struct sector_info *sec = &sectors[go->sector];
	const struct state_info *st = &states[go->state];
	enum asset_kind kind = (enum asset_kind)pick_weighted(
	    r, sec->kind_weights, ASSET_KIND_COUNT);
	const struct product *p = pick_product(r, kind);
	size_t nv = 0;
	const struct product_version *v;
	const char *city = st->cities[rng_below(r, city_count(st))];
	size_t nsites = 0;
	char rid[32];

	while (nv < COUNT(p->versions) && p->versions[nv].display)
		nv++;
	v = &p->versions[rng_below(r, nv)];
	while (nsites < COUNT(sec->sites) && sec->sites[nsites])
		nsites++;

	asset_init(a);
	snprintf(rid, sizeof(rid), "demo-asset-%06zu", go->first_asset + k + 1);
	a->meta.source = xstrdup(RECORD_SOURCE_LOCAL);
	a->meta.remote_id = xstrdup(rid);
	a->meta.created_at = g->now - rng_range(r, 30 * DAY, 2 * 365 * DAY);
	a->meta.updated_at =
	    clamp_past(g, a->meta.created_at + rng_range(r, 0, 200 * DAY));
	a->organization_id = go->id;
	a->organization = xstrdup(go->name);
	a->sector = xstrdup(sec->code);
	a->kind = kind;
	a->criticality = criticality_for(r, kind);

	/* Names: "PLC Subestación Tlaquepaque 03", "mail02" (+ org suffix). */
	strbuf_reset(sb);
	if (kind == ASSET_ICS && nsites) {
		strbuf_addf(sb, "%s %s %s %02zu", p->stem,
		            sec->sites[rng_below(r, nsites)], city, k + 1);
	} else {
		strbuf_addf(sb, "%s%02zu-", p->stem, k + 1);
		slug_append(sb, st->abbr);
	}
	a->name = xstrdup(sb->buf);
	ga->name = xstrdup(sb->buf);

	if (kind != ASSET_ICS || rng_chance(r, 40)) {
		strbuf_reset(sb);
		slug_append(sb, p->stem);
		strbuf_addf(sb, "%02zu.%s", k + 1, go->domain);
		a->hostname = xstrdup(sb->buf);
	}

	ga->ip[0] = '\0';
	ga->is_public = false;
	if (kind == ASSET_ICS || kind == ASSET_WORKSTATION ||
	    kind == ASSET_OTHER || rng_chance(r, 35)) {
		snprintf(ga->ip, sizeof(ga->ip), "10.%d.%d.%d",
		         (int)(oi % 250) + 1, (int)rng_range(r, 0, 255),
		         (int)rng_range(r, 1, 254));
	} else if (kind != ASSET_CLOUD || rng_chance(r, 60)) {
		doc_ip(r, ga->ip, sizeof(ga->ip));
		ga->is_public = true;
	}
	if (ga->ip[0]) {
		if (kind == ASSET_NETWORK && !ga->is_public &&
		    rng_chance(r, 20)) {
			strbuf_reset(sb);
			strbuf_addf(sb, "10.%d.%d.0/24", (int)(oi % 250) + 1,
			            (int)rng_range(r, 0, 255));
			a->ip = xstrdup(sb->buf);
		} else {
			a->ip = xstrdup(ga->ip);
		}
	}

	strbuf_reset(sb);
	if (kind == ASSET_ICS && nsites)
		strbuf_addf(sb, "%s, %s, %s", sec->sites[rng_below(r, nsites)],
		            city, st->name);
	else if (kind == ASSET_CLOUD)
		strbuf_addf(sb, "Nube pública (%s)", p->vendor);
	else
		strbuf_addf(sb, "%s, %s", city, st->name);
	a->location = xstrdup(sb->buf);

	a->vendor = xstrdup(p->vendor);
	a->product = xstrdup(p->name);
	if (strcmp(v->display, "-") != 0)
		a->product_version = xstrdup(v->display);
	if (p->hw_cpe)
		add_cpe(a, p->hw_cpe, "-:*");
	if (p->sw_cpe && v->cpe)
		add_cpe(a, p->sw_cpe, v->cpe);

	ga->criticality = a->criticality;
	ga->kind = kind;
}

static int
gen_assets(struct gen *g, struct err *e)
{
	struct rng r;
	struct strbuf sb;
	int64_t done = 0;
	int rc;

	rng_seed(&r, g->o->seed ^ UINT64_C(0x6173736574));
	plan_asset_counts(g, &r);
	strbuf_init(&sb);
	rc = store_begin(g->s, e);
	if (rc)
		goto out;
	for (size_t oi = 0; oi < g->n_orgs; oi++) {
		for (size_t k = 0; k < g->orgs[oi].n_assets; k++) {
			struct gen_asset *ga =
			    &g->assets[g->orgs[oi].first_asset + k];
			struct asset a;

			build_asset(g, &r, oi, k, &a, ga, &sb);
			rc = store_asset_upsert(g->s, &a, NULL, e);
			ga->id = a.meta.id;
			g->counts.cpes += (int64_t)a.cpes.n;
			asset_release(&a);
			if (rc) {
				store_rollback(g->s);
				goto out;
			}
			g->counts.assets++;
			rc = batch_step(g, ++done, (int64_t)g->n_assets,
			                "assets", e);
			if (rc)
				goto out;
		}
	}
out:
	strbuf_release(&sb);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Incidents.                                                          */

static void
fill_for(struct gen *g, struct rng *r, size_t oi, size_t asset, struct fill *f,
         char *vip, char *xip, size_t ipsz)
{
	static const int ports[] = {22, 23, 445, 1433, 3389, 5900, 8080, 502};
	const struct gen_org *go = &g->orgs[oi];

	memset(f, 0, sizeof(*f));
	f->org = go->name;
	f->abuse = go->abuse;
	f->sector = sectors[go->sector].code;
	f->domain = go->domain;
	f->asset = asset != SIZE_MAX ? g->assets[asset].name : go->domain;
	f->malware = pick(r, malware, COUNT(malware));
	if (asset != SIZE_MAX && g->assets[asset].is_public)
		snprintf(vip, ipsz, "%s", g->assets[asset].ip);
	else
		doc_ip(r, vip, ipsz);
	doc_ip(r, xip, ipsz);
	f->vip = vip;
	f->xip = xip;
	f->analyst = pick(r, analysts, COUNT(analysts));
	f->port = ports[rng_below(r, COUNT(ports))];
	f->number = (int)rng_range(r, 2, 40);
}

/* Append notes of one stage, at times spread over [from, to]. */
static void
add_notes(struct gen_incident *gi, struct rng *r, const char *const *pool,
          size_t npool, int count, int64_t from, int64_t to,
          const struct fill *f, struct strbuf *sb, int64_t *notes)
{
	for (int i = 0; i < count; i++) {
		int64_t t = from + (to > from ? rng_range(r, 0, to - from) : 0);
		const char *author =
		    gi->inc.assignee && rng_chance(r, 75)
		        ? gi->inc.assignee
		        : analysts[rng_below(r, COUNT(analysts))];
		char rid[48];

		strbuf_reset(sb);
		expand(sb, pool[rng_below(r, npool)], f);
		incident_add_note(&gi->inc, author, t, sb->buf);
		snprintf(rid, sizeof(rid), "n%zu", gi->inc.n_notes);
		gi->inc.notes[gi->inc.n_notes - 1].remote_id = xstrdup(rid);
		(*notes)++;
	}
}

static int
cmp_note_time(const void *a, const void *b)
{
	const struct note *x = a, *y = b;

	return (x->created_at > y->created_at) -
	       (x->created_at < y->created_at);
}

static void
plan_incident(struct gen *g, struct rng *r, size_t i, struct gen_incident *gi,
              struct strbuf *sb)
{
	int ev_w[COUNT(events)];
	const struct event_kind *ev;
	struct incident *inc = &gi->inc;
	enum incident_status st;
	struct fill f;
	char vip[20], xip[20];
	int sev;
	int64_t end;
	const struct gen_org *go;

	for (size_t k = 0; k < COUNT(events); k++)
		ev_w[k] = events[k].incident_weight;
	gi->event = (int)pick_weighted(r, ev_w, COUNT(events));
	ev = &events[gi->event];
	gi->org = (size_t)rng_below(r, g->n_orgs);
	go = &g->orgs[gi->org];
	gi->asset = go->n_assets ? go->first_asset + rng_below(r, go->n_assets)
	                         : SIZE_MAX;
	st = i < INCIDENT_STATUS_COUNT
	         ? (enum incident_status)i
	         : (enum incident_status)pick_weighted(r, status_weights,
	                                               INCIDENT_STATUS_COUNT);

	incident_init(inc);
	inc->meta.source = xstrdup(RECORD_SOURCE_LOCAL);
	inc->status = st;
	sev = (int)pick_weighted(r, ev->severity, 5) + 1;
	if (gi->asset != SIZE_MAX && g->assets[gi->asset].criticality >= 5 &&
	    sev < SEVERITY_CRITICAL && rng_chance(r, 40))
		sev++;
	inc->severity = (enum severity)sev;
	inc->priority = sev >= SEVERITY_CRITICAL ? 1
	                : sev == SEVERITY_HIGH   ? 2
	                : sev == SEVERITY_MEDIUM ? 3
	                                         : 4;
	if (inc->priority > 1 && rng_chance(r, 10))
		inc->priority--;
	inc->tlp =
	    (enum tlp)pick_weighted(r, (const int[]){5, 30, 45, 12, 8}, 5);
	inc->pap = (enum pap)pick_weighted(r, (const int[]){5, 35, 50, 10}, 4);
	inc->category = xstrdup(ev->cls);
	inc->category_type = xstrdup(ev->type);
	inc->organization_id = go->id;
	inc->organization = xstrdup(go->name);
	inc->sector = xstrdup(sectors[go->sector].code);
	if (st != INCIDENT_NEW || rng_chance(r, 20))
		inc->assignee =
		    xstrdup(analysts[rng_below(r, COUNT(analysts))]);

	/* Times: new ones are recent, closed ones may be older. */
	switch (st) {
	case INCIDENT_NEW:
		inc->opened_at = g->now - rng_range(r, 5 * MINUTE, 2 * DAY);
		break;
	case INCIDENT_TRIAGE:
		inc->opened_at = g->now - rng_range(r, 30 * MINUTE, 5 * DAY);
		break;
	case INCIDENT_RESOLVED:
	case INCIDENT_CLOSED:
		inc->opened_at = g->now - rng_range(r, 2 * DAY, 60 * DAY);
		break;
	default:
		inc->opened_at = g->now - rng_range(r, 2 * HOUR, 30 * DAY);
		break;
	}
	if (st != INCIDENT_NEW)
		inc->first_response_at = clamp_past(
		    g, inc->opened_at + rng_range(r, 5 * MINUTE, 8 * HOUR));
	inc->due_at = inc->opened_at + sla_by_severity[sev - 1];
	end = g->now;
	if (incident_status_is_final(st)) {
		inc->closed_at = clamp_past(
		    g, inc->opened_at + rng_range(r, 2 * HOUR, 12 * DAY));
		end = inc->closed_at;
	}
	inc->meta.created_at = inc->opened_at;

	fill_for(g, r, gi->org, gi->asset, &f, vip, xip, sizeof(vip));
	gi->n_alerts = (int)rng_range(r, 1, 5);
	f.number = gi->n_alerts;
	strbuf_reset(sb);
	expand(sb, ev->incident_title, &f);
	inc->title = xstrdup(sb->buf);
	strbuf_reset(sb);
	strbuf_addf(sb,
	            "Incidente registrado a partir de %d alerta(s) de %s "
	            "(%s/%s). Organización afectada: %s (%s, %s).",
	            gi->n_alerts, ev->feed, ev->cls, ev->type, go->name,
	            sectors[go->sector].code, states[go->state].name);
	if (gi->asset != SIZE_MAX)
		strbuf_addf(sb, " Activo principal: %s (criticidad %d).",
		            g->assets[gi->asset].name,
		            g->assets[gi->asset].criticality);
	inc->description = xstrdup(sb->buf);

	/* Linked assets: the main one and maybe neighbours. */
	if (gi->asset != SIZE_MAX) {
		int extra = (int)rng_range(r, 0, 2);
		char rid[32];

		snprintf(rid, sizeof(rid), "demo-asset-%06zu", gi->asset + 1);
		strvec_push(&inc->asset_ids, rid);
		for (int k = 0; k < extra && go->n_assets > 1; k++) {
			size_t other =
			    go->first_asset + rng_below(r, go->n_assets);

			if (other == gi->asset)
				continue;
			snprintf(rid, sizeof(rid), "demo-asset-%06zu",
			         other + 1);
			bool is_dup = false;
			for (size_t q = 0; q < inc->asset_ids.n; q++)
				if (strcmp(inc->asset_ids.v[q], rid) == 0)
					is_dup = true;
			if (!is_dup)
				strvec_push(&inc->asset_ids, rid);
		}
	}

	/* Notes: each stage the incident went through leaves some. */
	{
		int64_t t0 = inc->first_response_at ? inc->first_response_at
		                                    : inc->opened_at;
		int64_t span = end > t0 ? end - t0 : 0;
		int64_t *nn = &g->counts.notes;

		if (st == INCIDENT_NEW) {
			if (rng_chance(r, 40))
				add_notes(gi, r, notes_open, COUNT(notes_open),
				          1, inc->opened_at, end, &f, sb, nn);
		} else {
			add_notes(gi, r, notes_open, COUNT(notes_open), 1, t0,
			          t0 + span / 5, &f, sb, nn);
		}
		if (st >= INCIDENT_IN_PROGRESS)
			add_notes(gi, r, notes_work, COUNT(notes_work),
			          (int)rng_range(r, 1, 3), t0 + span / 5,
			          t0 + span / 2, &f, sb, nn);
		if (st == INCIDENT_WAITING ||
		    (st > INCIDENT_WAITING && rng_chance(r, 30)))
			add_notes(gi, r, notes_wait, COUNT(notes_wait), 1,
			          t0 + span / 2, t0 + 3 * span / 5, &f, sb, nn);
		if (st >= INCIDENT_CONTAINED)
			add_notes(gi, r, notes_contain, COUNT(notes_contain),
			          (int)rng_range(r, 1, 2), t0 + 3 * span / 5,
			          t0 + 4 * span / 5, &f, sb, nn);
		if (st >= INCIDENT_RESOLVED)
			add_notes(gi, r, notes_resolve, COUNT(notes_resolve), 1,
			          t0 + 4 * span / 5, end, &f, sb, nn);
		if (st == INCIDENT_CLOSED)
			add_notes(gi, r, notes_close, COUNT(notes_close), 1,
			          end, end, &f, sb, nn);
		if (inc->n_notes > 1)
			qsort(inc->notes, inc->n_notes, sizeof(*inc->notes),
			      cmp_note_time);
		for (size_t k = 0; k < inc->n_notes; k++) {
			char rid[32];

			free(inc->notes[k].remote_id);
			snprintf(rid, sizeof(rid), "n%zu", k + 1);
			inc->notes[k].remote_id = xstrdup(rid);
		}
	}
	inc->meta.updated_at =
	    inc->n_notes ? inc->notes[inc->n_notes - 1].created_at
	                 : (inc->first_response_at ? inc->first_response_at
	                                           : inc->opened_at);
	if (inc->closed_at > inc->meta.updated_at)
		inc->meta.updated_at = inc->closed_at;
}

static int
cmp_opened(const void *a, const void *b)
{
	const struct gen_incident *x = a, *y = b;

	if (x->inc.opened_at != y->inc.opened_at)
		return (x->inc.opened_at > y->inc.opened_at) -
		       (x->inc.opened_at < y->inc.opened_at);
	/* Ties: order by what was planned, qsort is not stable. */
	if (x->event != y->event)
		return (x->event > y->event) - (x->event < y->event);
	return (x->org > y->org) - (x->org < y->org);
}

static int
gen_incidents(struct gen *g, struct err *e)
{
	struct rng r;
	struct strbuf sb;
	int rc;

	rng_seed(&r, g->o->seed ^ UINT64_C(0x696e6369));
	strbuf_init(&sb);
	for (size_t i = 0; i < g->n_incs; i++)
		plan_incident(g, &r, i, &g->incs[i], &sb);
	qsort(g->incs, g->n_incs, sizeof(*g->incs), cmp_opened);

	rc = store_begin(g->s, e);
	if (rc)
		goto out;
	for (size_t i = 0; i < g->n_incs; i++) {
		struct incident *inc = &g->incs[i].inc;
		char rid[32];

		snprintf(rid, sizeof(rid), "demo-inc-%06zu", i + 1);
		inc->meta.remote_id = xstrdup(rid);
		rc = store_incident_next_reference(
		    g->s, g->o->prefix, time_year_utc(inc->opened_at),
		    &inc->reference, e);
		if (rc == 0)
			rc = store_incident_upsert(g->s, inc, NULL, e);
		if (rc)
			goto out;
		g->counts.incidents++;
		rc = batch_step(g, (int64_t)i + 1, (int64_t)g->n_incs,
		                "incidents", e);
		if (rc)
			goto out;
	}
out:
	strbuf_release(&sb);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Alerts.                                                             */

static void
random_label(struct rng *r, struct strbuf *sb, size_t n)
{
	static const char alpha[] = "abcdefghijklmnopqrstuvwxyz0123456789";

	for (size_t i = 0; i < n; i++)
		strbuf_addch(sb, alpha[rng_below(r, sizeof(alpha) - 1)]);
}

/*
 * Fill a (initialised) for event ev at org oi / asset ai (SIZE_MAX: none;
 * oi SIZE_MAX: no organization), observed at t.
 */
static void
build_alert(struct gen *g, struct rng *r, const struct event_kind *ev,
            size_t oi, size_t ai, int64_t t, struct alert *a, struct strbuf *sb)
{
	static const char *const tlds[] = {"example.com", "example.net",
	                                   "example.org", "test"};
	static const char *const paths[] = {
	    "login",           "wp-admin/update.php", "banca/acceso",
	    "sat/factura.zip", "invoice.exe",         "cfdi/descarga"};
	char vip[20], xip[20], rid[40];
	char hash[SHA256_HEX_LEN + 1];
	struct strbuf dom, url;
	struct fill f;
	int sev;

	strbuf_init(&dom);
	strbuf_init(&url);
	if (oi != SIZE_MAX) {
		fill_for(g, r, oi, ai, &f, vip, xip, sizeof(vip));
	} else {
		memset(&f, 0, sizeof(f));
		doc_ip(r, vip, sizeof(vip));
		doc_ip(r, xip, sizeof(xip));
		f.vip = vip;
		f.xip = xip;
		f.malware = pick(r, malware, COUNT(malware));
		f.org = "Banco Mercantil";
		f.port = 22;
	}
	/* Malicious domains are random; leaks and phishing name the org. */
	if (ev->obs & (OBS_FQDN | OBS_URL)) {
		if (strcmp(ev->cls, "information-content-security") == 0 &&
		    oi != SIZE_MAX) {
			strbuf_adds(&dom, g->orgs[oi].domain);
		} else {
			random_label(r, &dom, (size_t)rng_range(r, 6, 12));
			strbuf_addch(&dom, '.');
			strbuf_adds(&dom, pick(r, tlds, COUNT(tlds)));
		}
		strbuf_addf(&url, "https://%s/%s", dom.buf,
		            pick(r, paths, COUNT(paths)));
		if (strcmp(ev->cls, "information-content-security") != 0)
			f.domain = dom.buf;
		f.url = url.buf;
	}
	f.number = (int)rng_range(r, 1, 80);

	snprintf(rid, sizeof(rid), "demo-alert-%07" PRId64, ++g->alert_seq);
	a->meta.source = xstrdup(RECORD_SOURCE_LOCAL);
	a->meta.remote_id = xstrdup(rid);
	strbuf_reset(sb);
	expand(sb, ev->alert_title, &f);
	a->title = xstrdup(sb->buf);
	if (rng_chance(r, 40)) {
		strbuf_reset(sb);
		strbuf_addf(sb,
		            "Reported by %s (%s). Taxonomy %s/%s. "
		            "Please verify and remediate.",
		            ev->feed, ev->provider, ev->cls, ev->type);
		a->description = xstrdup(sb->buf);
	}
	sev = (int)pick_weighted(r, ev->severity, 5) + 1;
	a->severity = (enum severity)sev;
	a->tlp = (enum tlp)pick_weighted(r, (const int[]){15, 45, 32, 6, 2}, 5);
	a->taxonomy_class = xstrdup(ev->cls);
	a->taxonomy_type = xstrdup(ev->type);
	a->feed_name = xstrdup(ev->feed);
	a->feed_provider = xstrdup(ev->provider);
	a->observed_at = t;
	a->received_at = clamp_past(
	    g, t + rng_range(r, 30, t + 2 * HOUR < g->now ? 2 * HOUR : 60));
	a->meta.created_at = a->received_at;
	a->meta.updated_at = a->received_at;
	if (oi != SIZE_MAX) {
		a->organization_id = g->orgs[oi].id;
		a->organization = xstrdup(g->orgs[oi].name);
		a->sector = xstrdup(sectors[g->orgs[oi].sector].code);
	}
	if (ai != SIZE_MAX) {
		snprintf(rid, sizeof(rid), "demo-asset-%06zu", ai + 1);
		a->asset_id = g->assets[ai].id;
		a->asset = xstrdup(rid);
	}
	if (ev->obs & OBS_VICTIM_IP)
		alert_add_observable(a, OBSERVABLE_IP, vip);
	if (ev->obs & OBS_SOURCE_IP)
		alert_add_observable(a, OBSERVABLE_IP, xip);
	if ((ev->obs & OBS_FQDN) && dom.len)
		alert_add_observable(a, OBSERVABLE_FQDN, dom.buf);
	if ((ev->obs & OBS_URL) && url.len)
		alert_add_observable(a, OBSERVABLE_URL, url.buf);
	if (ev->obs & OBS_ASN) {
		strbuf_reset(sb);
		strbuf_addf(sb, "AS%d", (int)rng_range(r, 64496, 64511));
		alert_add_observable(a, OBSERVABLE_ASN, sb->buf);
	}
	if (ev->obs & OBS_HASH) {
		uint64_t words[4];

		for (int k = 0; k < 4; k++)
			words[k] = rng_next(r);
		sha256_hex(words, sizeof(words), hash);
		alert_add_observable(a, OBSERVABLE_HASH, hash);
	}
	alert_event_hash(a, hash);
	a->event_hash = xstrdup(hash);
	strbuf_release(&dom);
	strbuf_release(&url);
}

static int
put_alert(struct gen *g, struct alert *a, int64_t *done, struct err *e)
{
	int rc = store_alert_upsert(g->s, a, NULL, e);

	alert_release(a);
	if (rc)
		return rc;
	g->counts.alerts++;
	return batch_step(g, ++*done, g->n_alerts, "alerts", e);
}

static int
gen_alerts(struct gen *g, struct err *e)
{
	struct rng r;
	struct strbuf sb;
	int ev_w[COUNT(events)];
	int64_t done = 0, linked = 0, n_random;
	int rc;

	rng_seed(&r, g->o->seed ^ UINT64_C(0x616c657274));
	for (size_t k = 0; k < COUNT(events); k++)
		ev_w[k] = events[k].alert_weight;
	for (size_t i = 0; i < g->n_incs; i++)
		linked += g->incs[i].n_alerts;
	if (g->n_alerts < linked)
		g->n_alerts = linked;
	n_random = g->n_alerts - linked;
	strbuf_init(&sb);
	rc = store_begin(g->s, e);
	if (rc)
		goto out;

	/* The alerts each incident was promoted from. */
	for (size_t i = 0; i < g->n_incs && rc == 0; i++) {
		struct gen_incident *gi = &g->incs[i];

		for (int k = 0; k < gi->n_alerts && rc == 0; k++) {
			struct alert a;
			int64_t t = gi->inc.opened_at -
			            rng_range(&r, 5 * MINUTE, 6 * HOUR);

			alert_init(&a);
			build_alert(g, &r, &events[gi->event], gi->org,
			            gi->asset, t, &a, &sb);
			a.status = ALERT_PROMOTED;
			a.incident_id = gi->inc.meta.id;
			a.incident_ref = xstrdup(gi->inc.reference);
			a.meta.updated_at = gi->inc.opened_at;
			strvec_push(&gi->inc.alert_ids, a.meta.remote_id);
			rc = put_alert(g, &a, &done, e);
		}
	}

	/* The stream of the last 30 days. */
	for (int64_t i = 0; i < n_random && rc == 0; i++) {
		const struct event_kind *ev =
		    &events[pick_weighted(&r, ev_w, COUNT(events))];
		size_t oi = rng_chance(&r, 88)
		                ? (size_t)rng_below(&r, g->n_orgs)
		                : SIZE_MAX;
		size_t ai = SIZE_MAX;
		int64_t age = rng_range(&r, 2 * MINUTE, 30 * DAY);
		struct alert a;

		if (oi != SIZE_MAX && g->orgs[oi].n_assets &&
		    rng_chance(&r, 60))
			ai = g->orgs[oi].first_asset +
			     rng_below(&r, g->orgs[oi].n_assets);
		alert_init(&a);
		build_alert(g, &r, ev, oi, ai, g->now - age, &a, &sb);
		/* Fresh alerts are mostly untouched, old ones handled. */
		if (age < DAY)
			a.status = (enum alert_status)pick_weighted(
			    &r, (const int[]){85, 10, 5}, 3);
		else
			a.status = (enum alert_status)pick_weighted(
			    &r, (const int[]){35, 40, 25}, 3);
		if (a.status != ALERT_NEW)
			a.meta.updated_at = clamp_past(
			    g, a.received_at +
			           rng_range(&r, 10 * MINUTE, 2 * DAY));
		rc = put_alert(g, &a, &done, e);
	}
out:
	strbuf_release(&sb);
	return rc;
}

/* Write every incident again with its alert ids: the store links them. */
static int
gen_links(struct gen *g, struct err *e)
{
	int rc = store_begin(g->s, e);

	for (size_t i = 0; i < g->n_incs && rc == 0; i++) {
		rc = store_incident_upsert(g->s, &g->incs[i].inc, NULL, e);
		if (rc)
			return rc;
		rc = batch_step(g, (int64_t)i + 1, (int64_t)g->n_incs, "links",
		                e);
	}
	return rc;
}

/* ------------------------------------------------------------------ */

void
demo_opts_init(struct demo_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->scale = 1.0;
	o->seed = 1;
	o->prefix = "MX";
	o->batch = 10000;
}

static size_t
scaled(double scale, int base, size_t min)
{
	double v = floor((double)base * scale + 0.5);
	size_t n = v < 1 ? 1 : (size_t)v;

	return n < min ? min : n;
}

int
demo_generate(struct store *s, const struct demo_opts *o,
              struct demo_counts *out, struct err *e)
{
	struct audit_verify chain;
	struct gen g;
	struct strbuf detail;
	int rc;

	if (!(o->scale > 0) || o->scale > 10000)
		return err_set(e, ERR_INVALID,
		               "scale %g out of range (use a number above 0, "
		               "at most 10000)",
		               o->scale);
	if (o->n_alerts < 0 || o->n_alerts > DEMO_COUNT_MAX ||
	    o->n_incidents < 0 || o->n_incidents > DEMO_COUNT_MAX ||
	    o->n_assets < 0 || o->n_assets > DEMO_COUNT_MAX)
		return err_set(e, ERR_INVALID, "counts out of range (0 to %d)",
		               DEMO_COUNT_MAX);
	if (!o->prefix || !*o->prefix)
		return err_set(e, ERR_INVALID,
		               "empty incident reference prefix (set "
		               "reference-prefix, e.g. MX)");
	memset(&g, 0, sizeof(g));
	g.s = s;
	g.o = o;
	g.now = o->now ? o->now : DEMO_EPOCH;
	g.batch = o->batch > 0 ? o->batch : 10000;
	/* Every sector and state, every status: minimum sizes. */
	g.n_orgs = scaled(o->scale, DEMO_BASE_ORGANIZATIONS, COUNT(states));
	g.n_assets = scaled(o->scale, DEMO_BASE_ASSETS, g.n_orgs);
	g.n_incs =
	    scaled(o->scale, DEMO_BASE_INCIDENTS, 2 * INCIDENT_STATUS_COUNT);
	g.n_alerts = (int64_t)scaled(o->scale, DEMO_BASE_ALERTS, 1);
	/* Explicit counts, for a benchmark's shape (1M alerts, 100k
	 * incidents, 50k assets), keep the minimums above. */
	if (o->n_assets > 0)
		g.n_assets = (size_t)o->n_assets > g.n_orgs
		                 ? (size_t)o->n_assets
		                 : g.n_orgs;
	if (o->n_incidents > 0)
		g.n_incs = (size_t)o->n_incidents > 2 * INCIDENT_STATUS_COUNT
		               ? (size_t)o->n_incidents
		               : 2 * INCIDENT_STATUS_COUNT;
	if (o->n_alerts > 0)
		g.n_alerts = o->n_alerts;
	g.orgs = xcalloc(g.n_orgs, sizeof(*g.orgs));
	g.assets = xcalloc(g.n_assets, sizeof(*g.assets));
	g.incs = xcalloc(g.n_incs, sizeof(*g.incs));
	g.name_set_size = 64;
	while (g.name_set_size < 2 * g.n_orgs)
		g.name_set_size *= 2;
	g.name_set = xcalloc(g.name_set_size, sizeof(*g.name_set));
	strbuf_init(&g.tmp);
	strbuf_init(&detail);

	/* the batches commit before the one audit entry at the end: a broken
	 * audit chain, which would refuse that entry, refuses them first */
	rc = store_audit_check(s, &chain, e);
	if (rc == 0)
		rc = gen_organizations(&g, e);
	if (rc == 0)
		rc = gen_assets(&g, e);
	if (rc == 0)
		rc = gen_incidents(&g, e);
	if (rc == 0)
		rc = gen_alerts(&g, e);
	if (rc == 0)
		rc = gen_links(&g, e);
	if (rc == 0) {
		strbuf_addf(&detail, "scale %g seed %" PRIu64, o->scale,
		            o->seed);
		rc = store_begin(s, e);
		if (rc == 0)
			rc = store_audit_append(
			    s, o->actor ? o->actor : "demo-data", "demo-data",
			    NULL, NULL, detail.buf, e);
		if (rc == 0)
			rc = store_commit(s, e);
	}
	if (rc && store_in_transaction(s))
		store_rollback(
		    s); /* the batch that failed; earlier ones stay */
	if (out)
		*out = g.counts;

	for (size_t i = 0; i < g.n_orgs; i++) {
		free(g.orgs[i].name);
		free(g.orgs[i].domain);
		free(g.orgs[i].abuse);
	}
	for (size_t i = 0; i < g.n_assets; i++)
		free(g.assets[i].name);
	for (size_t i = 0; i < g.n_incs; i++)
		incident_release(&g.incs[i].inc);
	free(g.orgs);
	free(g.assets);
	free(g.incs);
	free(g.name_set);
	strbuf_release(&g.tmp);
	strbuf_release(&detail);
	return rc;
}
