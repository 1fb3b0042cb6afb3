"""Numbers, addresses and wording that the guidance mandates exactly."""

GUIDANCE_TITLE = "Handling telephone calls to duty officer numbers"
GUIDANCE_VERSION = "5.0"
GUIDANCE_VALID_FROM = "9 December 2013"

GREETING = (
    "Home Office Immigration Enforcement {handler_name} speaking. Can I help you?"
)
SHORT_QUESTIONS = (
    "I need to ask you a few short questions to help make sure I can pass you on "
    "to the right person as quickly as possible."
)
OUT_OF_HOURS_MESSAGE = (
    "Thank you for calling the Home Office Immigration Enforcement criminal casework "
    "{team_name}. Our office is now closed. Please call back during office hours. "
    "Our normal operating hours are 9am to 5pm Monday to Friday, excluding public "
    "holidays."
)
OFFICE_HOURS = "9am to 5pm, Monday to Friday, excluding public holidays"

PRESS_OFFICE_NUMBER = "020 7035 3535"
FRS_HOTLINE = "020 8760 8513"

COMPLAINTS_ADDRESS = (
    "Nominated responsible officer",
    "Complaints allocation hub",
    "Customer service unit",
    "UK Visas & Immigration",
    "11th floor (long corridor), Lunar House",
    "40 Wellesley Road",
    "Croydon",
    "CR9 2BY",
)
COMPLAINTS_EMAIL = "complaints@homeoffice.gsi.gov.uk"
